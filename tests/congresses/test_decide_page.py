"""The decide page shows what is decided: the plan and the rounds the report carries (each
with its own circulation dates and PDFs), the rule checklist, the earlier reports, and who the
decision will notify; a decided report shows its decision instead of the form."""

import datetime as dt

import pytest

from apps.congresses import services
from apps.organizations.models import Role
from tests.factories import CongressFactory, approved_plan, circulate_required, person, term

pytestmark = pytest.mark.django_db
TODAY = dt.date.today()


@pytest.fixture
def report(tree):
    congress = CongressFactory(
        organization=tree.ptm,
        term=term("2025-2030"),
        ordinal="XVI",
        opening_date=TODAY + dt.timedelta(days=40),
    )
    circulate_required(congress, TODAY - dt.timedelta(days=3))
    approved_plan(congress, seats=3, candidates=4)
    person(
        tree.ptm, Role.OFFICE_OFFICER, user__username="vanphong.ptm", user__full_name="Lê Văn Phòng"
    )
    return services.superior_report_submit(actor=tree.ptm_secretary, congress=congress)


def test_the_page_shows_the_bundle_the_rules_and_who_will_be_told(client, tree, report):
    client.force_login(tree.qb_standing)
    response = client.get(f"/congresses/reports/{report.pk}/decide/")
    assert response.status_code == 200
    body = response.content.decode()
    congress = report.congress
    # The plan, with its link, and the PDFs of the report and the plan.
    assert "Phiên bản 1: 3 cấp ủy viên, 4 người trong danh sách." in body
    assert f'href="/personnel/congress/{congress.pk}/plan/"' in body
    assert f"/reports/superior-report/{congress.pk}.pdf" in body
    assert f"/reports/personnel-plan/{congress.pk}.pdf" in body
    # Every round the report carries, with its own circulation date and its PDFs.
    rounds = list(report.rounds.all())
    assert len(rounds) == 4
    for rnd in rounds:
        assert f'href="/documents/rounds/{rnd.pk}/"' in body
        assert f"/reports/draft-round/{rnd.pk}.pdf" in body
    assert (TODAY - dt.timedelta(days=3)).strftime("%d/%m/%Y") in body
    # The checklist, one row per rule that applies.
    for code in ("R30", "R20", "RA"):
        assert f'id="decide-rule-{code}"' in body
    # Who hears the decision: the secretary (who sent it) and the office.
    notified = response.context["notified"]
    assert [(p.name, p.roles) for p in notified] == sorted(
        [
            (tree.ptm_secretary.display_name, "Bí thư"),
            ("Lê Văn Phòng", "Cán bộ văn phòng"),
        ]
    )
    assert 'name="decision"' in body


def test_a_decided_report_shows_its_decision_and_the_earlier_ones(client, tree, report):
    services.superior_report_decide(
        actor=tree.qb_standing, report=report, decision="returned", note="Bổ sung số liệu"
    )
    again = services.superior_report_submit(actor=tree.ptm_secretary, congress=report.congress)
    client.force_login(tree.qb_standing)
    old = client.get(f"/congresses/reports/{report.pk}/decide/").content.decode()
    assert 'id="decided"' in old and "Bổ sung số liệu" in old and 'name="decision"' not in old
    new = client.get(f"/congresses/reports/{again.pk}/decide/").content.decode()
    assert 'id="decide-history"' in new and "Bổ sung số liệu" in new
    assert 'name="decision"' in new


def test_only_the_superior_may_open_it(client, tree, report):
    for user, status in (
        (tree.ptm_secretary, 403),
        (tree.ht_standing, 404),
        (tree.central_standing, 403),
    ):
        client.force_login(user)
        assert client.get(f"/congresses/reports/{report.pk}/decide/").status_code == status
