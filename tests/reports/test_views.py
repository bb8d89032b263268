"""apps/reports/views.py: downloads through the pages (previews, issued documents, jobs); the
progress report covers the term chosen on the dashboard, not always the current one."""

import datetime as dt

import pytest

from apps.audit.models import AuditEvent
from apps.congresses.models import Term
from apps.reports import services
from apps.reports.models import GeneratedReport, IssuedDocument, JobStatus
from tests.factories import CongressFactory, term
from tests.reports.pdf import flat

pytestmark = pytest.mark.django_db
DAY = dt.date(2020, 5, 13)


@pytest.fixture
def two_terms(tree):
    CongressFactory(
        organization=tree.ptm,
        term=term("2020-2025"),
        ordinal="XV",
        opening_date=dt.date(2020, 6, 1),
    )
    CongressFactory(
        organization=tree.ankt,
        term=term("2025-2030"),
        ordinal="XIII",
        opening_date=dt.date.today() + dt.timedelta(days=50),
    )


def test_the_progress_pdf_follows_the_chosen_term(client, tree, two_terms):
    client.force_login(tree.qb_officer)
    old = flat(client.get("/reports/progress/QB.pdf", {"term": "2020-2025"}).content)
    assert "nhiệm kỳ 2020–2025" in old
    assert "Đảng bộ Phòng Tham mưu" in old and "Chi bộ Phòng An ninh kinh tế" not in old
    new = flat(client.get("/reports/progress/QB.pdf", {"term": "2025-2030"}).content)
    assert "nhiệm kỳ 2025–2030" in new
    assert "Chi bộ Phòng An ninh kinh tế" in new and "Đảng bộ Phòng Tham mưu" not in new


def test_the_dashboard_links_the_pdf_of_its_term(client, tree, two_terms):
    client.force_login(tree.qb_officer)
    page = client.get("/congresses/org/QB/", {"term": "2020-2025"}).content.decode()
    assert "/reports/progress/QB.pdf?term=2020-2025" in page
    assert Term.objects.filter(code="2020-2025").exists()


def test_an_unknown_term_is_a_bad_request(client, tree, two_terms):
    client.force_login(tree.qb_officer)
    assert client.get("/reports/progress/QB.pdf", {"term": "x"}).status_code == 400


def test_job_page_after_reload_and_only_for_the_requester(client, tree, big_qb, settings):
    settings.REPORT_PIECE_ROWS = 20
    job = services.job_request(user=tree.qb_secretary, root=big_qb)
    GeneratedReport.objects.filter(pk=job.pk).update(
        status=JobStatus.RUNNING, steps_done=2, steps=5, progress=40
    )
    client.force_login(tree.qb_secretary)
    page = client.get(f"/reports/jobs/{job.pk}/").content.decode()
    assert "Đã xong 2/5 phần" in page and "40%" in page and "Báo cáo đang tạo" in page
    assert f'hx-get="/reports/jobs/{job.pk}/status/"' in page and "Tải PDF" not in page
    services.job_run(job.pk)
    page = client.get(f"/reports/jobs/{job.pk}/").content.decode()  # the reload, when done
    assert f"/reports/jobs/{job.pk}/download/" in page and "hx-get" not in page
    assert "Báo cáo đã tạo xong" in page and "Báo cáo đang tạo" not in page
    job.refresh_from_db()
    assert f"{job.pages} trang" in page
    # Someone else, even the province's own standing member or office, sees nothing of it.
    for other in (tree.qb_standing, tree.qb_officer, tree.ht_secretary, tree.outsider):
        client.force_login(other)
        for url in ("", "status/", "download/"):
            assert client.get(f"/reports/jobs/{job.pk}/{url}").status_code == 404
    client.logout()
    assert client.get(f"/reports/jobs/{job.pk}/").status_code == 302  # to the login page


@pytest.mark.parametrize(
    ("who", "kind"),
    [
        ("ht_secretary", "superior-report"),
        ("ht_standing", "personnel-plan"),
        ("qb_member", "personnel-plan"),
        ("ptm_secretary", "superior-report"),
        ("outsider", "progress"),
        ("ht_secretary", "progress"),
    ],
)
def test_no_report_of_another_organisation(client, tree, qb, who, kind):
    client.force_login(getattr(tree, who))
    key = "QB" if kind == "progress" else qb.pk
    response = client.get(f"/reports/{kind}/{key}.pdf")
    assert response.status_code in (403, 404)
    assert not response.content.startswith(b"%PDF")
    response = client.post(f"/reports/{kind}/{key}/issue/")
    assert response.status_code in (403, 404)
    assert not IssuedDocument.objects.exists()


def test_officer_downloads_through_the_page(client, tree, qb):
    client.force_login(tree.qb_officer)
    response = client.get(f"/reports/superior-report/{qb.pk}.pdf")
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    assert "attachment" in response["Content-Disposition"]
    page = client.get(f"/congresses/{qb.pk}/").content.decode()
    assert f"/reports/superior-report/{qb.pk}.pdf" in page


def test_failed_job_shows_the_message_and_can_be_retried(client, tree, monkeypatch):
    from apps.reports import services as report_services
    from apps.reports.models import GeneratedReport

    job = report_services.job_request(user=tree.qb_officer, root=tree.qb)
    monkeypatch.setattr(
        report_services.pieces,
        "render_piece",
        lambda *a, **k: (_ for _ in ()).throw(RuntimeError("hết bộ nhớ")),
    )
    with pytest.raises(RuntimeError):
        report_services.job_run(job.pk)
    job.refresh_from_db()
    assert job.status == "failed" and "hết bộ nhớ" in job.error
    client.force_login(tree.qb_officer)
    page = client.get("/reports/mine/").content.decode()
    assert "hết bộ nhớ" in page and "Thử lại" in page
    client.post(f"/reports/jobs/{job.pk}/retry/")
    assert GeneratedReport.objects.get(pk=job.pk).status == "pending"


def test_unknown_kinds_and_keys_are_not_found(client, tree, qb):
    client.force_login(tree.qb_officer)
    assert client.get(f"/reports/memoirs/{qb.pk}.pdf").status_code == 404
    assert client.get("/reports/superior-report/abc.pdf").status_code == 404
    assert client.get("/reports/superior-report/999999.pdf").status_code == 404
    assert client.get("/reports/progress/NOWHERE.pdf").status_code == 404


def test_an_unknown_term_is_a_bad_request_and_writes_nothing(client, tree):
    client.force_login(tree.qb_officer)
    assert client.get("/reports/progress/QB.pdf?term=1990-1995").status_code == 400
    assert not AuditEvent.objects.filter(verb="report.download").exists()


def test_the_register_lists_what_was_issued_to_leaders_and_office_only(client, tree, qb):
    issued = services.report_issue(user=tree.qb_officer, kind="superior-report", obj=qb, day=DAY)
    client.force_login(tree.qb_officer)
    page = client.get("/reports/register/QB/")
    assert page.status_code == 200 and issued.symbol in page.content.decode()
    client.force_login(tree.qb_member)
    assert client.get("/reports/register/QB/").status_code == 403
    client.force_login(tree.ht_secretary)
    assert client.get("/reports/register/QB/").status_code == 404


def test_an_issued_document_is_downloaded_by_its_office_and_the_download_logged(client, tree, qb):
    issued = services.report_issue(user=tree.qb_officer, kind="superior-report", obj=qb, day=DAY)
    client.force_login(tree.qb_secretary)
    response = client.get(f"/reports/issued/{issued.pk}/download/")
    assert response.status_code == 200
    assert f'filename="superior-report-{issued.number:02d}.pdf"' in response["Content-Disposition"]
    assert issued.number_symbol in flat(b"".join(response.streaming_content))
    assert AuditEvent.objects.filter(
        verb="report.download", actor=tree.qb_secretary, target_id=str(issued.pk)
    ).exists()
    for stranger in (tree.qb_member, tree.ht_secretary):
        client.force_login(stranger)
        assert client.get(f"/reports/issued/{issued.pk}/download/").status_code == 404
    assert client.get("/reports/issued/999999/download/").status_code == 404


def test_my_reports_and_a_jobs_status_are_the_requesters_only(client, tree):
    job = services.job_request(user=tree.qb_officer, root=tree.qb)
    client.force_login(tree.qb_officer)
    assert job.title in client.get("/reports/mine/").content.decode()
    assert client.get(f"/reports/jobs/{job.pk}/status/").status_code == 200
    assert client.get(f"/reports/jobs/{job.pk}/download/").status_code == 404  # not done yet
    client.force_login(tree.qb_secretary)
    assert job.title not in client.get("/reports/mine/").content.decode()
    assert client.get(f"/reports/jobs/{job.pk}/status/").status_code == 404
    assert client.post(f"/reports/jobs/{job.pk}/retry/").status_code == 404
