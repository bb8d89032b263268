"""apps/reports/templatetags/report_tags.py: the PDF buttons an object's page shows: only the
reports the user may read and that can be made now, and the issue buttons only to those who
issue, never for the reports that take no number."""

import pytest
from django.template import Context, Template
from django.test import RequestFactory

from apps.documents.models import DraftRound
from apps.reports.builders import ReportKind
from apps.reports.templatetags.report_tags import labels, report_buttons
from tests.factories import term

pytestmark = pytest.mark.django_db


def _context(user, **extra):
    request = RequestFactory().get("/")
    request.user = user
    return {"request": request, "csrf_token": "t", **extra}


def test_every_report_kind_has_a_vietnamese_label():
    names = labels()
    assert set(names) == set(ReportKind)
    assert names[ReportKind.SUPERIOR_REPORT] == "Báo cáo cấp trên"
    assert all(names.values())


def test_the_office_sees_the_congress_reports_ready_and_may_issue_them(tree, qb):
    buttons = report_buttons(_context(tree.qb_officer), qb)
    assert buttons["links"] == [
        ("superior-report", "Báo cáo cấp trên"),
        ("personnel-plan", "Tờ trình nhân sự"),
    ]  # no election yet: no minutes, no ratification
    assert buttons["numbered"] == buttons["links"] and buttons["can_issue"] is True
    assert buttons["key"] == str(qb.pk) and buttons["query"] == ""


def test_a_plain_member_gets_no_buttons(tree, qb):
    buttons = report_buttons(_context(tree.qb_member), qb)
    assert buttons["links"] == [] and buttons["can_issue"] is False
    html = Template("{% load report_tags %}{% report_buttons obj %}").render(
        Context({**_context(tree.qb_member), "obj": qb})
    )
    assert "/reports/" not in html


def test_the_superiors_standing_member_reads_but_does_not_issue(tree, qb):
    buttons = report_buttons(_context(tree.central_standing), qb)
    assert [k for k, _label in buttons["links"]] == ["superior-report", "personnel-plan"]
    assert buttons["can_issue"] is False


def test_a_draft_round_offers_its_text_unnumbered_and_its_consolidation(tree, qb):
    rnd = DraftRound.objects.filter(document__congress=qb).first()  # written on the web
    buttons = report_buttons(_context(tree.qb_secretary), rnd)
    assert [k for k, _label in buttons["links"]] == ["consolidation", "draft-round"]
    assert [k for k, _label in buttons["numbered"]] == ["consolidation"]
    html = Template("{% load report_tags %}{% report_buttons obj %}").render(
        Context({**_context(tree.qb_secretary), "obj": rnd})
    )
    assert f'href="/reports/draft-round/{rnd.pk}.pdf"' in html
    assert f'href="/reports/consolidation/{rnd.pk}/issue/"' in html
    assert f"/reports/draft-round/{rnd.pk}/issue/" not in html


def test_the_progress_button_carries_the_term_chosen_on_the_page(tree):
    chosen = term("2025-2030")
    buttons = report_buttons(_context(tree.qb_officer, term=chosen), tree.qb)
    assert buttons["links"] == [("progress", "Báo cáo tiến độ")]
    assert buttons["key"] == "QB" and buttons["query"] == "?term=2025-2030"
    assert report_buttons(_context(tree.qb_officer), tree.qb)["query"] == ""
