"""The congress page offers the report-to-the-superior form only when a report can be sent: none
yet, or the latest was returned. While one awaits the superior's decision (or was approved) the
service refuses every new one, so a form there would only lead to a refusal."""

import datetime as dt

import pytest

from apps.congresses import services
from apps.congresses.models import Decision
from tests.factories import CongressFactory, approved_plan, circulate_required, term

pytestmark = pytest.mark.django_db
TODAY = dt.date.today()


@pytest.fixture
def congress(tree):
    congress = CongressFactory(
        organization=tree.ptm,
        term=term("2025-2030"),
        ordinal="XVI",
        opening_date=TODAY + dt.timedelta(days=40),
    )
    circulate_required(congress, TODAY - dt.timedelta(days=3))
    approved_plan(congress, seats=3, candidates=4)
    return congress


def _page(client, tree, congress) -> str:
    client.force_login(tree.ptm_secretary)
    response = client.get(f"/congresses/{congress.pk}/")
    assert response.status_code == 200
    return response.content.decode()


def test_the_form_is_offered_before_any_report(client, tree, congress):
    body = _page(client, tree, congress)
    assert 'id="report-form"' in body
    assert "Gửi báo cáo" in body


def test_no_form_while_the_report_awaits_the_decision(client, tree, congress):
    services.superior_report_submit(actor=tree.ptm_secretary, congress=congress)
    body = _page(client, tree, congress)
    assert 'id="report-form"' not in body
    assert "Chờ quyết định" in body  # the pending report is still listed
    assert "Khai mạc đại hội" in body  # the other actions stay
    assert congress.superior_reports.count() == 1


def test_the_form_returns_when_the_superior_returned_the_report(client, tree, congress):
    report = services.superior_report_submit(actor=tree.ptm_secretary, congress=congress)
    services.superior_report_decide(
        actor=tree.qb_standing, report=report, decision=Decision.RETURNED, note="Bổ sung."
    )
    body = _page(client, tree, congress)
    assert 'id="report-form"' in body


def test_no_form_once_the_superior_approved(client, tree, congress):
    report = services.superior_report_submit(actor=tree.ptm_secretary, congress=congress)
    services.superior_report_decide(
        actor=tree.qb_standing, report=report, decision=Decision.APPROVED
    )
    body = _page(client, tree, congress)
    assert 'id="report-form"' not in body
