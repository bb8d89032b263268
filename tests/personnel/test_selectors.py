"""apps/personnel/selectors.py: the plan page's data, the ratifications a standing committee must
decide, and the congress's current plan."""

import datetime as dt

import pytest

from apps.personnel.models import Candidate, ElectionResult, PersonnelPlan, PlanStep, Ratification
from apps.personnel.selectors import plan_for, plan_page_data, ratifications_awaiting
from tests.factories import CongressFactory, approved_plan

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture
def congress(tree):
    return CongressFactory(organization=tree.qb, opening_date=D(2020, 6, 30))


def test_plan_page_data_reads_the_list_at_the_opening_date(tree, congress):
    plan = PersonnelPlan.objects.create(
        congress=congress, version=1, seats=2, created_by=tree.qb_secretary
    )
    for i, (birth, sex) in enumerate(
        [(D(1980, 7, 1), "female"), (D(1980, 6, 30), "male"), (D(1960, 1, 1), "male")]
    ):
        Candidate.objects.create(
            plan=plan, position=i + 1, full_name=f"Người {i}", birth_date=birth, sex=sex
        )
    PlanStep.objects.create(
        plan=plan, from_status="draft", to_status="submitted", by=tree.qb_secretary
    )

    data = plan_page_data(plan)

    assert [c.full_name for c in data["candidates"]] == ["Người 0", "Người 1", "Người 2"]
    assert [(s.from_status, s.to_status, s.by) for s in data["steps"]] == [
        ("draft", "submitted", tree.qb_secretary)
    ]
    shares = {s.key: s for s in data["shares"]}
    assert shares["under_40"].count == 1  # born 30/06/1980 is 40 on the opening day
    assert shares["women"].count == 1 and shares["renewal"].count == 3
    rule_set = congress.term.rule_set
    assert data["surplus_cap_percent"] == rule_set.surplus_cap_percent
    assert data["surplus_problems"] == []  # 3 names for 2 seats


def test_plan_page_data_names_a_list_too_short(tree, congress):
    plan = PersonnelPlan.objects.create(
        congress=congress, version=1, seats=5, created_by=tree.qb_secretary
    )
    data = plan_page_data(plan)
    assert data["candidates"] == [] and data["steps"] == []
    assert data["surplus_problems"] == [
        "Danh sách phải nhiều hơn số cấp ủy viên cần bầu: có 0 người cho 5 chỗ."
    ]


def test_plan_for_is_the_newest_version(tree, congress):
    assert plan_for(congress) is None
    approved_plan(congress)
    second = approved_plan(congress)
    other = CongressFactory(organization=tree.ht, opening_date=D(2020, 6, 30))
    approved_plan(other)
    assert plan_for(congress) == second and second.version == 2


def _result(congress, requested_on):
    return ElectionResult.objects.create(
        congress=congress,
        plan=approved_plan(congress),
        summoned=100,
        ballots_issued=100,
        ballots_valid=100,
        recorded_by=congress.organization.memberships.first().user,
        ratification_requested_on=requested_on,
    )


def test_ratifications_await_the_direct_superiors_standing_committee(tree):
    qb = _result(CongressFactory(organization=tree.qb), D(2020, 7, 5))
    ht = _result(CongressFactory(organization=tree.ht), D(2020, 7, 2))
    _result(CongressFactory(organization=tree.ptm), D(2020, 7, 1))  # QB supervises this one
    _result(CongressFactory(organization=tree.ankt), None)  # not asked yet

    assert list(ratifications_awaiting(user=tree.central_standing)) == [ht, qb]  # oldest first
    assert [r.congress.organization for r in ratifications_awaiting(user=tree.qb_standing)] == [
        tree.ptm
    ]
    assert list(ratifications_awaiting(user=tree.qb_member)) == []
    assert list(ratifications_awaiting(user=tree.ptm_secretary)) == []


def test_a_ratified_result_no_longer_awaits(tree):
    qb = _result(CongressFactory(organization=tree.qb), D(2020, 7, 5))
    Ratification.objects.create(
        congress=qb.congress,
        decision_number="1-QĐ/ĐU",
        decision_date=D(2020, 7, 6),
        ratified_by=tree.central_standing,
    )
    assert list(ratifications_awaiting(user=tree.central_standing)) == []
