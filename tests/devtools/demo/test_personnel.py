"""The demo's personnel plans: one for each 2020 congress (Quảng Bình's awaiting approval, the
others approved), the reports and decisions on their paper dates, and the pilot PTM taken through
its election, first meeting and ratification."""

import pytest

from apps.congresses.models import Congress, Decision
from apps.devtools.demo.congresses import HISTORIC
from apps.personnel.models import PersonnelPlan, PlanStatus, Ratification

pytestmark = pytest.mark.django_db


def test_plans_reports_and_decisions(demo):
    for code, _ordinal, _opening, _pilot, reported, approved in HISTORIC:
        congress = Congress.objects.get(organization__code=code, term__code="2020-2025")
        plan = PersonnelPlan.objects.get(congress=congress)
        assert plan.seats == (15 if code == "QB" else 5)
        assert plan.status == (PlanStatus.SUBMITTED if code == "QB" else PlanStatus.APPROVED)
        report = congress.superior_reports.first()
        if reported is None:
            assert report is None
            continue
        assert report.official_date == reported
        assert report.decision == (Decision.APPROVED if approved else Decision.PENDING)
        if approved:
            assert report.decided_on == approved


def test_the_pilot_is_ratified_with_its_leaders_re_elected(demo):
    ptm = Congress.objects.get(organization__code="QB-PTM", term__code="2020-2025")
    assert ptm.status == "ratified"
    ratification = Ratification.objects.get(congress=ptm)
    assert ratification.decision_number == "45-QĐ/ĐU"
    election = ptm.election
    assert (election.summoned, election.ballots_issued, election.ballots_valid) == (62, 60, 59)
    plan = PersonnelPlan.objects.get(congress=ptm, status=PlanStatus.APPROVED)
    first_two = plan.candidates.order_by("position")[:2]
    assert [(c.user.username, c.is_incumbent) for c in first_two] == [
        ("bithu.ptm", True),
        ("btv.ptm", True),
    ]
