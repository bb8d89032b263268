"""apps/reports/services.py: PDF reports checked through their extracted text, pages and fonts;
numbering; access; large reports as jobs."""

import datetime as dt
import re

import pytest
from celery.exceptions import SoftTimeLimitExceeded

from apps.audit.models import AuditEvent
from apps.congresses import services as congress_services
from apps.core.errors import PermissionDenied
from apps.documents import services as doc_services
from apps.organizations.models import Organization, OrganizationKind
from apps.personnel import services as personnel_services
from apps.personnel.models import Post
from apps.reports import pieces, services
from apps.reports.models import IssuedDocument, JobStatus
from tests.factories import CongressFactory, term
from tests.reports.pdf import flat, pdf_fonts, pdf_pages

pytestmark = pytest.mark.django_db
D = dt.date
DAY = D(2020, 5, 13)


def test_superior_report_reads_like_a_party_document(tree, qb):
    pdf, _ = services.report_preview(user=tree.qb_officer, kind="superior-report", obj=qb, day=DAY)
    text = flat(pdf)
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in text
    assert "ĐẢNG ỦY CÔNG AN TỈNH QUẢNG BÌNH" in text
    assert "Quảng Bình, ngày 13 tháng 5 năm 2020" in text
    assert "BÁO CÁO" in text and "Đại hội lần thứ XVII" in text
    assert "BẢN XEM TRƯỚC — CHƯA CẤP SỐ" in text
    assert "Nơi nhận:" in text and "- Lưu VP." in text
    assert "T/M BAN THƯỜNG VỤ" in text and "BÍ THƯ" in text
    assert tree.qb_secretary.full_name in text
    assert "Gửi dự thảo lấy ý kiến cấp dưới — chậm nhất 30 ngày trước khai mạc" in text
    assert not re.search(r"\b(R30|R20|RA)\b", text)  # no internal codes in an official text
    assert "Độc lập - Tự do - Hạnh phúc" not in text  # that motto belongs to State documents
    assert AuditEvent.objects.filter(verb="report.download", actor=tree.qb_officer).exists()


def test_only_the_shipped_fonts_are_embedded(tree, qb):
    pdf, _ = services.report_preview(user=tree.qb_officer, kind="superior-report", obj=qb, day=DAY)
    fonts = set(pdf_fonts(pdf))
    assert fonts and all(f.startswith("Congress-Serif") for f in fonts), fonts


def test_issuing_numbers_one_series_per_type_never_repeating(tree, qb):
    first = services.report_issue(user=tree.qb_officer, kind="superior-report", obj=qb, day=DAY)
    second = services.report_issue(user=tree.qb_officer, kind="superior-report", obj=qb, day=DAY)
    other_type = services.report_issue(user=tree.qb_officer, kind="personnel-plan", obj=qb, day=DAY)
    assert (first.symbol, second.symbol, other_type.symbol) == (
        "Số 01-BC/ĐU",
        "Số 02-BC/ĐU",
        "Số 01-TTr/ĐU",
    )
    text = flat(first.file.read())
    assert "Số 01-BC/ĐU" in text and "BẢN XEM TRƯỚC" not in text
    assert IssuedDocument.objects.count() == 3


def test_issuing_needs_the_issuer_office_or_leaders(tree, qb):
    with pytest.raises(PermissionDenied):
        services.report_issue(user=tree.qb_standing, kind="superior-report", obj=qb, day=DAY)
    assert not IssuedDocument.objects.exists()


def test_personnel_plan_lists_names_with_diacritics(tree, qb):
    pdf, _ = services.report_preview(user=tree.qb_secretary, kind="personnel-plan", obj=qb, day=DAY)
    text = flat(pdf)
    assert "TỜ TRÌNH" in text and "Nguyễn Văn A" in text and "Dưới 40 tuổi" in text


def test_consolidation_lists_comments_and_dispositions(tree):
    congress = CongressFactory(organization=tree.qb, opening_date=D(2020, 7, 28))
    doc = doc_services.document_create(
        actor=tree.qb_secretary, congress=congress, kind="political_report"
    )
    rnd = doc_services.round_submit(actor=tree.qb_secretary, document=doc, body="Phần I\nPhần II")
    circ = doc_services.circulate(
        actor=tree.qb_secretary,
        rnd=rnd,
        recipients="all",
        comment_deadline=D(2020, 5, 27),
        today=DAY,
    )
    comment = doc_services.comment_submit(
        actor=tree.ptm_secretary,
        circulation=circ,
        organization=tree.ptm,
        section="Phần II",
        text="Đề nghị bổ sung chỉ tiêu phòng, chống tội phạm công nghệ cao.",
        today=D(2020, 5, 20),
    )
    doc_services.comment_dispose(
        actor=tree.qb_secretary, comment=comment, disposition="accepted", note="Đã bổ sung."
    )
    pdf, _ = services.report_preview(user=tree.qb_secretary, kind="consolidation", obj=rnd, day=DAY)
    text = flat(pdf)
    assert "tổng hợp ý kiến góp ý báo cáo chính trị (dự thảo lần 1)" in text
    assert "Đảng bộ Phòng Tham mưu" in text and "tội phạm công nghệ cao" in text
    assert "Tiếp thu: Đã bổ sung." in text
    assert "Chưa góp ý: Chi bộ Phòng An ninh kinh tế" in text
    pdf, _ = services.report_preview(user=tree.qb_secretary, kind="draft-round", obj=rnd, day=DAY)
    assert "DỰ THẢO LẦN 1" in flat(pdf)


def test_consolidation_of_a_round_never_circulated_says_so(tree):
    """No 'sent for comments' sentence, empty section or bare 'Tổng hợp: .' in the text."""
    congress = CongressFactory(organization=tree.qb, opening_date=D(2020, 7, 28))
    doc = doc_services.document_create(
        actor=tree.qb_secretary, congress=congress, kind="political_report"
    )
    rnd = doc_services.round_submit(actor=tree.qb_secretary, document=doc, body="Phần I")
    pdf, _ = services.report_preview(user=tree.qb_secretary, kind="consolidation", obj=rnd, day=DAY)
    text = flat(pdf)
    assert "(dự thảo lần 1) chưa được gửi lấy ý kiến." in text
    assert "Dự thảo chưa được gửi lấy ý kiến nên chưa có ý kiến góp ý." in text
    assert "đã được gửi lấy ý kiến" not in text and "Tổng hợp:" not in text


def test_restricted_draft_carries_the_downloader_watermark(tree):
    congress = CongressFactory(organization=tree.qb, opening_date=D(2020, 7, 28))
    doc = doc_services.document_create(
        actor=tree.qb_secretary, congress=congress, kind="political_report"
    )
    doc.is_restricted = True
    doc.save()
    rnd = doc_services.round_submit(actor=tree.qb_secretary, document=doc, body="Nội dung mật")
    pdf, _ = services.report_preview(user=tree.qb_standing, kind="draft-round", obj=rnd, day=DAY)
    assert f"TÀI LIỆU MẬT — {tree.qb_standing.full_name}" in flat(pdf)


def test_election_minutes_and_ratification(tree, qb):
    report = congress_services.superior_report_submit(
        actor=tree.qb_secretary, congress=qb, today=D(2020, 7, 1)
    )
    congress_services.superior_report_decide(
        actor=tree.central_standing, report=report, decision="approved", today=D(2020, 7, 2)
    )
    from apps.congresses.models import Congress

    Congress.objects.filter(pk=qb.pk).update(opening_date=D(2020, 7, 28))
    congress_services.congress_open(actor=tree.qb_secretary, congress=qb, today=D(2020, 7, 28))
    cands = list(personnel_services.approved_plan(qb).candidates.all())
    personnel_services.results_record(
        actor=tree.qb_secretary,
        congress=qb,
        summoned=150,
        excused=2,
        ballots_issued=148,
        ballots_valid=148,
        votes={cands[0].pk: 140, cands[1].pk: 120, cands[2].pk: 75, cands[3].pk: 74},
    )
    text = flat(
        services.report_preview(user=tree.qb_secretary, kind="election-minutes", obj=qb, day=DAY)[0]
    )
    assert (
        "BIÊN BẢN" in text
        and "tổng số làm căn cứ tính kết quả: 148" in text
        and "ít nhất 75 phiếu" in text
    )
    assert "Nguyễn Văn D 74" in text and "Không trúng cử" in text
    personnel_services.first_meeting_record(
        actor=tree.qb_secretary,
        congress=qb,
        meeting_date=D(2020, 7, 29),
        posts={cands[0].pk: Post.SECRETARY},
    )
    text = flat(
        services.report_preview(user=tree.central_standing, kind="ratification", obj=qb, day=DAY)[0]
    )
    assert (
        "QUYẾT ĐỊNH" in text
        and "ĐẢNG ỦY CÔNG AN TRUNG ƯƠNG" in text
        and "Số -QĐ/ĐUCA" in text.replace("\u00a0", "")
    )


def test_long_progress_report_has_many_pages_and_totals(tree, settings):
    from apps.congresses.models import Congress
    from apps.organizations.bulk import NodeSpec, bulk_insert_tree

    specs = []
    for c in range(10):
        specs.append(
            NodeSpec(f"QB-C{c}", "QB", f"Đảng bộ Phòng {c}", OrganizationKind.GRASSROOTS_COMMITTEE)
        )
        specs += [
            NodeSpec(
                f"QB-C{c}-{k}",
                f"QB-C{c}",
                f"Chi bộ Đội {c}.{k}",
                OrganizationKind.CELL_UNDER_COMMITTEE,
            )
            for k in range(9)
        ]
    orgs = bulk_insert_tree(specs)
    t = term()
    Congress.objects.bulk_create(
        [
            Congress(
                organization=o,
                term=t,
                ordinal="I",
                opening_date=D(2020, 5, 1) + dt.timedelta(days=i % 60),
                is_pilot=i % 25 == 0,
            )
            for i, o in enumerate(orgs)
        ]
    )
    root = Organization.objects.get(code="QB")
    from apps.reports.builders import build_progress
    from apps.reports.rendering import render_pdf

    built = build_progress(root, user=tree.qb_standing, number=None, day=DAY, term=t)
    pdf = render_pdf(built.template, built.context)
    assert built.congresses == 100
    assert pdf_pages(pdf) >= 4
    text = flat(pdf)
    assert "Tổng cộng 100" in text and "Đảng bộ Phòng 3" in text and "Chi bộ Đội 9.8" in text


def test_large_progress_report_becomes_a_job(
    client, tree, settings, django_capture_on_commit_callbacks
):
    settings.REPORT_ASYNC_THRESHOLD = 0
    CongressFactory(organization=tree.ptm, opening_date=D(2020, 5, 1))
    client.force_login(tree.qb_officer)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.get("/reports/progress/QB.pdf")
    from apps.reports.models import GeneratedReport

    job = GeneratedReport.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/reports/jobs/{job.pk}/"
    assert len(callbacks) == 1
    services.job_run(job.pk)  # what the task runs
    job.refresh_from_db()
    assert job.status == "done" and job.progress == 100
    fragment = client.get(f"/reports/jobs/{job.pk}/status/").content.decode()
    assert "Tải PDF" in fragment and "hx-get" not in fragment
    download = client.get(f"/reports/jobs/{job.pk}/download/")
    assert b"".join(download.streaming_content).startswith(b"%PDF")
    client.force_login(tree.qb_secretary)  # someone else's job is not theirs to see
    assert client.get(f"/reports/jobs/{job.pk}/download/").status_code == 404


def test_soft_time_limit_marks_the_job_failed_with_a_reason(tree, monkeypatch):
    job = services.job_request(user=tree.qb_secretary, root=tree.qb)

    def too_slow(*args, **kwargs):
        raise SoftTimeLimitExceeded

    monkeypatch.setattr(pieces, "render_piece", too_slow)
    with pytest.raises(SoftTimeLimitExceeded):
        services.job_run(job.pk)
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED and "Quá thời gian" in job.error and not job.file
