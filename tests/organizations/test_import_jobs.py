"""Big organisation imports as jobs: dry run → confirm, row progress on a page that survives a
reload, the same row errors and all-or-nothing as in the request, the requester's only."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from apps.audit.models import AuditEvent
from apps.core.errors import DomainError, PermissionDenied
from apps.organizations import import_jobs, importing
from apps.organizations.importing import import_organizations
from apps.organizations.models import ImportJob, ImportStage, ImportStatus, Organization, Role
from apps.organizations.tasks import run_import_job
from tests.factories import person
from tests.organizations.import_files import to_csv

pytestmark = pytest.mark.django_db


def qb_rows(n: int) -> list[list[str]]:
    return [[f"QB-J{i}", "QB", f"Chi bộ Đội {i}", "", "grassroots cell"] for i in range(n)]


def upload(client, data: bytes, name: str = "to-chuc.csv"):
    return client.post(
        "/org/QB/import/", {"what": "organizations", "file": SimpleUploadedFile(name, data)}
    )


@pytest.fixture
def as_job(settings):
    settings.IMPORT_JOB_MIN_BYTES = 1  # every organisation file goes to a job


def test_small_files_stay_in_the_request(client, tree, settings):
    settings.IMPORT_JOB_MIN_BYTES = 10_000
    client.force_login(tree.qb_officer)
    page = upload(client, to_csv(qb_rows(3))).content.decode()
    assert "Kiểm tra xong, chưa ghi" in page and not ImportJob.objects.exists()


def test_dry_run_then_confirm_with_row_progress_and_a_page_after_reload(
    client, tree, as_job, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(importing, "PROGRESS_EVERY", 2)
    before = set(Organization.objects.values_list("code", flat=True))
    client.force_login(tree.qb_officer)
    with django_capture_on_commit_callbacks(execute=False) as queued:
        response = upload(client, to_csv(qb_rows(5)))
    job = ImportJob.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/org/QB/import/jobs/{job.pk}/"
    assert len(queued) == 1 and (job.stage, job.status) == (ImportStage.CHECK, ImportStatus.PENDING)
    page = client.get(response["Location"]).content.decode()
    assert "Đang đọc tệp" in page and f'hx-get="/org/QB/import/jobs/{job.pk}/status/"' in page

    # The rows checked are saved as the job goes (what the task's progress callback does).
    progress_calls = []
    real = importing.import_organizations

    def spy(*args, progress=None, **kwargs):
        def both(done, total):
            progress(done, total)
            progress_calls.append(ImportJob.objects.values_list("rows_done", "rows_total").get())

        return real(*args, progress=both, **kwargs)

    monkeypatch.setitem(import_jobs.JOB_IMPORTERS, "organizations", spy)
    import_jobs.import_job_run(job.pk)
    assert progress_calls == [(0, 5), (2, 5), (4, 5), (5, 5)]
    job.refresh_from_db()
    assert (job.status, job.created, job.rows_done, job.rows_total) == ("checked", 5, 5, 5)
    assert set(Organization.objects.values_list("code", flat=True)) == before  # a dry run
    page = client.get(f"/org/QB/import/jobs/{job.pk}/").content.decode()  # the reload
    assert "Kiểm tra xong, chưa ghi" in page and "5 thêm mới" in page and "hx-get" not in page

    # Mid-run, a reload shows the rows checked so far.
    ImportJob.objects.filter(pk=job.pk).update(status="running", rows_done=2_000, rows_total=13_294)
    page = client.get(f"/org/QB/import/jobs/{job.pk}/").content.decode()
    assert "Đã kiểm tra 2.000/13.294 dòng" in page and "hx-get" in page
    ImportJob.objects.filter(pk=job.pk).update(status="checked", rows_done=5, rows_total=5)

    with django_capture_on_commit_callbacks(execute=False) as queued:
        client.post(f"/org/QB/import/jobs/{job.pk}/confirm/")
    job.refresh_from_db()
    assert len(queued) == 1 and (job.stage, job.status) == (ImportStage.WRITE, ImportStatus.PENDING)
    assert run_import_job.run(job.pk) == "done"  # the task's own body
    job.refresh_from_db()
    assert (job.status, job.created, job.updated, job.unchanged) == ("done", 5, 0, 0)
    assert set(Organization.objects.values_list("code", flat=True)) == before | {
        f"QB-J{i}" for i in range(5)
    }
    assert (
        AuditEvent.objects.filter(verb="import.organizations", actor=tree.qb_officer).count() == 1
    )
    assert not job.file  # written: the file is not kept
    page = client.get(f"/org/QB/import/jobs/{job.pk}/").content.decode()
    assert "Đã nhập" in page and "Xác nhận nhập" not in page
    # A second confirmation (a double click, a replayed form) is refused; nothing is queued.
    with django_capture_on_commit_callbacks(execute=False) as queued:
        page = client.post(f"/org/QB/import/jobs/{job.pk}/confirm/", follow=True)
    assert not queued and "không còn chờ xác nhận" in page.content.decode()


def test_row_errors_are_those_of_the_request_and_nothing_is_written(client, tree, as_job):
    rows = [
        *qb_rows(3),
        ["QB-J1", "QB", "Trùng mã", "", "grassroots cell"],
        ["QB-X", "NOPE", "Không có cấp trên", "", "grassroots cell"],
        ["QB-Y", "QB", "Loại lạ", "", "không biết"],
    ]
    data = to_csv(rows)
    expected = [str(e) for e in import_organizations(data, "x.csv", dry_run=True).errors]
    before = Organization.objects.count()
    client.force_login(tree.qb_officer)
    upload(client, data)
    job = ImportJob.objects.get()
    import_jobs.import_job_run(job.pk)
    job.refresh_from_db()
    assert job.status == ImportStatus.REFUSED and job.errors == expected and len(expected) >= 3
    assert job.errors_count == len(expected)
    page = client.get(f"/org/QB/import/jobs/{job.pk}/").content.decode()
    assert "không ghi dòng nào" in page and "Xác nhận nhập" not in page
    assert "không có tổ chức cấp trên mã “NOPE”" in page
    assert client.post(f"/org/QB/import/jobs/{job.pk}/confirm/").status_code == 302
    job.refresh_from_db()
    assert job.status == ImportStatus.REFUSED and Organization.objects.count() == before


def test_a_clash_between_dry_run_and_write_writes_nothing(client, tree, as_job):
    client.force_login(tree.qb_officer)
    upload(client, to_csv(qb_rows(4)))
    job = ImportJob.objects.get()
    import_jobs.import_job_run(job.pk)
    # Meanwhile someone adds one of the file's codes elsewhere in the tree (HT).
    from apps.organizations.bulk import NodeSpec, bulk_insert_tree

    bulk_insert_tree([NodeSpec("QB-J2", "HT", "Chi bộ khác", "grassroots_cell")])
    before = Organization.objects.count()
    import_jobs.import_job_confirm(actor=tree.qb_officer, job=job)
    import_jobs.import_job_run(job.pk)
    job.refresh_from_db()
    assert job.status == ImportStatus.REFUSED and job.errors_count == 1
    assert "QB-J2" in job.errors[0] and Organization.objects.count() == before
    assert not Organization.objects.filter(code="QB-J0").exists()  # all or nothing


def test_only_the_requester_sees_and_confirms_the_job(client, tree, as_job):
    other_officer = person(tree.qb, Role.OFFICE_OFFICER, user__username="vanphong2.qb")
    client.force_login(tree.qb_officer)
    upload(client, to_csv(qb_rows(2)))
    job = ImportJob.objects.get()
    import_jobs.import_job_run(job.pk)
    urls = [f"/org/QB/import/jobs/{job.pk}/", f"/org/QB/import/jobs/{job.pk}/status/"]
    assert all(client.get(u).status_code == 200 for u in urls)
    for user in (other_officer, tree.qb_secretary, tree.ht_secretary, tree.outsider):
        client.force_login(user)
        assert all(client.get(u).status_code == 404 for u in urls)
        assert client.post(f"/org/QB/import/jobs/{job.pk}/confirm/").status_code == 404
    job.refresh_from_db()
    assert job.status == ImportStatus.CHECKED  # nobody else confirmed it
    # Under another organisation's address it is not found either.
    client.force_login(tree.qb_officer)
    assert client.get(f"/org/QB-PTM/import/jobs/{job.pk}/").status_code == 404
    # The requester who no longer keeps the registers loses it too.
    import datetime as dt

    from apps.core.dates import local_today
    from apps.organizations.services import membership_end

    for membership in tree.qb_officer.memberships.all():
        membership_end(
            actor=other_officer, membership=membership, end_date=local_today() - dt.timedelta(1)
        )
    assert client.get(urls[0]).status_code == 404
    client.logout()
    assert client.get(urls[0]).status_code == 302


def test_job_limits_let_a_file_past_the_request_limits(tree, settings):
    settings.IMPORT_MAX_ROWS = 3
    data = to_csv(qb_rows(5))
    assert "hơn 3 dòng" in str(import_organizations(data, "x.csv", dry_run=True).errors[0])
    settings.IMPORT_JOB_MAX_ROWS = 10
    job = import_jobs.import_job_start(
        actor=tree.qb_officer,
        organization=tree.qb,
        what="organizations",
        filename="x.csv",
        data=data,
    )
    import_jobs.import_job_run(job.pk)
    job.refresh_from_db()
    assert job.status == ImportStatus.CHECKED and job.created == 5


def test_only_an_office_starts_a_job_and_only_for_the_organisations(tree):
    data = to_csv(qb_rows(1))
    with pytest.raises(PermissionDenied, match="Chỉ cán bộ văn phòng"):
        import_jobs.import_job_start(
            actor=tree.qb_secretary,
            organization=tree.qb,
            what="organizations",
            filename="x.csv",
            data=data,
        )
    with pytest.raises(DomainError, match="không nhập theo lượt chạy nền"):
        import_jobs.import_job_start(
            actor=tree.qb_officer, organization=tree.qb, what="people", filename="x.csv", data=data
        )
    assert not ImportJob.objects.exists()


def test_a_job_whose_broker_is_down_says_so(tree, monkeypatch, django_capture_on_commit_callbacks):
    def down(job_id):
        raise ConnectionError("Connection refused")

    monkeypatch.setattr(run_import_job, "delay", down)
    with django_capture_on_commit_callbacks(execute=True):
        job = import_jobs.import_job_start(
            actor=tree.qb_officer,
            organization=tree.qb,
            what="organizations",
            filename="x.xlsx",
            data=b"x",
        )
    job.refresh_from_db()
    assert job.status == ImportStatus.FAILED
    assert job.failure == "Không gửi được yêu cầu tới hàng đợi: Connection refused"
    assert job.file.name.endswith(".xlsx")


def test_an_importer_that_breaks_fails_the_job_and_a_finished_job_is_not_run_again(
    tree, monkeypatch
):
    job = import_jobs.import_job_start(
        actor=tree.qb_officer,
        organization=tree.qb,
        what="organizations",
        filename="x.csv",
        data=b"x",
    )

    def broken(*args, **kwargs):
        raise RuntimeError("đĩa đầy")

    monkeypatch.setitem(import_jobs.JOB_IMPORTERS, "organizations", broken)
    with pytest.raises(RuntimeError):
        import_jobs.import_job_run(job.pk)
    job.refresh_from_db()
    assert (job.status, job.failure) == (ImportStatus.FAILED, "đĩa đầy") and job.finished_at
    assert import_jobs.import_job_run(job.pk).status == ImportStatus.FAILED  # not run again
