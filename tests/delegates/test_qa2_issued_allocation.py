"""Once the allocation decision is issued, its PDF on the allocation page is the issued paper
with the register's number, for the convening office and for a unit told "Theo Quyết định số
…": not an unnumbered "BẢN XEM TRƯỚC — CHƯA CẤP SỐ" preview of a decision already numbered.
Before issue the page still offers the preview."""

import re

import pytest
from django.test import Client

from apps.audit.models import AuditEvent
from apps.reports.models import IssuedDocument
from tests.delegates.steps import issued, prepared
from tests.reports.pdf import flat

pytestmark = pytest.mark.django_db


def as_user(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _text(response) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())


def test_before_issue_the_page_offers_the_preview(small):
    prepared(small)
    officer = as_user(small.officer)
    page = _text(officer.get(f"/delegates/congress/{small.congress.pk}/allocation/"))
    assert "Xem trước quyết định (PDF)" in page
    pdf = flat(officer.get(f"/reports/delegate-allocation/{small.congress.pk}.pdf").content)
    assert "BẢN XEM TRƯỚC" in pdf


def test_after_issue_the_unit_reads_the_numbered_decision(small):
    issued(small)
    paper = IssuedDocument.objects.get(report_kind="delegate-allocation")
    unit_secretary = small.unit_secretaries[0]
    unit = as_user(unit_secretary)
    page = _text(unit.get(f"/delegates/congress/{small.congress.pk}/allocation/"))
    assert "Quyết định phân bổ đại biểu (PDF)" in page
    assert "Xem trước quyết định" not in page
    response = unit.get(f"/reports/delegate-allocation/{small.congress.pk}.pdf")
    assert response.status_code == 200
    assert (
        f'filename="delegate-allocation-{paper.number:02d}.pdf"'
        in (response["Content-Disposition"])
    )
    text = flat(response.content)
    assert paper.number_symbol in text
    assert "BẢN XEM TRƯỚC" not in text
    assert AuditEvent.objects.filter(
        verb="report.download", actor=unit_secretary, target_id=str(paper.pk)
    ).exists()
    assert IssuedDocument.objects.count() == 1  # reading numbers nothing new
    # still no PDF for a member who may not read the allocation
    member = as_user(small.member)
    assert member.get(f"/reports/delegate-allocation/{small.congress.pk}.pdf").status_code == 404
