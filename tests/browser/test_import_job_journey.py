"""A big organisation import as a job, in a real browser, on a phone and on a laptop: the upload
lands on the job's page, which follows the job (polled) and after a reload shows the dry run,
the confirmation and the result."""

import pytest
from playwright.sync_api import expect

from apps.organizations import import_jobs
from apps.organizations.models import ImportJob, Organization
from tests.organizations.import_files import to_csv

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize(("width", "height"), [(390, 844), (1366, 768)])
def test_office_imports_a_big_file_through_its_job_page(
    page, live_server, login, shot, tree, settings, monkeypatch, tmp_path, width, height
):
    settings.IMPORT_JOB_MIN_BYTES = 1
    queued: list[int] = []
    monkeypatch.setattr(import_jobs, "_queue", queued.append)  # the worker is played below
    rows = [
        [f"QB-B{i}", "QB", f"Chi bộ Đội Cảnh sát số {i}", "", "grassroots cell"] for i in range(40)
    ]
    upload = tmp_path / "to-chuc-lon.csv"
    upload.write_bytes(to_csv(rows))
    page.set_viewport_size({"width": width, "height": height})
    login(page, "vanphong.qb")
    page.goto(f"{live_server.url}/org/QB/import/")
    page.select_option("#id_what", "organizations")
    page.set_input_files("#id_file", str(upload))
    with page.expect_navigation():
        page.click("form[enctype] button")
    job = ImportJob.objects.get()
    assert page.url.endswith(f"/org/QB/import/jobs/{job.pk}/") and queued == [job.pk]
    expect(page.locator("#import-job-rows")).to_contain_text("Đang đọc tệp")
    # Mid-way (as a worker saves it): a reload shows the rows checked and the bar.
    ImportJob.objects.filter(pk=job.pk).update(status="running", rows_done=1_200, rows_total=3_000)
    page.reload()
    expect(page.locator("#import-job-rows")).to_contain_text("Đã kiểm tra 1.200/3.000 dòng")
    expect(page.locator(".progress-bar")).to_contain_text("40%")
    shot(page, f"import-job-running-{width}")
    ImportJob.objects.filter(pk=job.pk).update(status="pending", rows_done=0, rows_total=0)

    import_jobs.import_job_run(job.pk)  # the worker's dry run; the page polls and shows it
    expect(page.locator("#import-preview")).to_contain_text("40 thêm mới", timeout=10_000)
    page.reload()
    expect(page.locator("#import-preview")).to_contain_text("Kiểm tra xong, chưa ghi")
    assert not Organization.objects.filter(code__startswith="QB-B").exists()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    shot(page, f"import-job-checked-{width}")

    with page.expect_navigation():
        page.click("#confirm-import")
    expect(page.locator("#import-job-rows")).to_be_visible()
    assert queued == [job.pk, job.pk]
    import_jobs.import_job_run(job.pk)  # the worker's write
    page.reload()
    expect(page.locator("#import-done")).to_contain_text("40 thêm mới")
    assert Organization.objects.filter(code__startswith="QB-B").count() == 40
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    shot(page, f"import-job-done-{width}")
