"""A big progress report as a job: rendered in bounded pieces, joined, numbered, with true
progress, a time limit and a page of its own (reload-proof, the requester's only)."""

import datetime as dt
import re

import pytest
from celery.exceptions import SoftTimeLimitExceeded

from apps.congresses.models import Congress
from apps.organizations.bulk import NodeSpec, bulk_insert_tree
from apps.organizations.models import Organization, OrganizationKind
from apps.reports import pieces, services
from apps.reports.models import GeneratedReport, JobStatus
from apps.reports.tasks import generate_report
from tests.factories import term
from tests.reports.pdf import flat, pdf_pages, pdf_text

pytestmark = pytest.mark.django_db
D = dt.date


def group(name: str, n: int) -> dict:
    return {"parent": name, "size": n, "continued": False, "rows": list(range(1, n + 1))}


def shape(parts: list[list[dict]]) -> list[list[tuple]]:
    return [[(g["parent"], g["rows"][0], g["rows"][-1], g["continued"]) for g in p] for p in parts]


def test_pieces_keep_small_groups_whole_and_cut_long_ones_in_order():
    groups = [group("A", 3), group("B", 4), group("C", 11), group("D", 2)]
    assert shape(pieces.split_groups(groups, 5)) == [
        [("A", 1, 3, False)],  # B (4) fits a fresh piece: not cut after A
        [("B", 1, 4, False)],
        [("C", 1, 5, False)],  # C (11) is longer than a piece: cut, numbering unbroken
        [("C", 6, 10, True)],
        [("C", 11, 11, True), ("D", 1, 2, False)],
    ]
    assert shape(pieces.split_groups([], 5)) == [[]]  # an empty report is one (front) piece
    plan = pieces.plan({"groups": groups}, 5)
    assert [(p.first, p.last) for p in plan] == [(True, False)] + [(False, False)] * 3 + [
        (False, True)
    ]
    with pytest.raises(ValueError):
        pieces.split_groups(groups, 0)


@pytest.fixture
def big_qb(tree):
    """QB with 3 new committees of 12 cells each: 39 congresses in the 2025–2030 term."""
    specs = []
    for c in range(3):
        specs.append(
            NodeSpec(
                f"QB-C{c}", "QB", f"Đảng bộ Phòng Số {c}", OrganizationKind.GRASSROOTS_COMMITTEE
            )
        )
        specs += [
            NodeSpec(
                f"QB-C{c}-{k}",
                f"QB-C{c}",
                f"Chi bộ Đội {c}.{k}",
                OrganizationKind.CELL_UNDER_COMMITTEE,
            )
            for k in range(12)
        ]
    orgs = bulk_insert_tree(specs)
    t = term("2025-2030")
    Congress.objects.bulk_create(
        Congress(
            organization=o,
            term=t,
            ordinal="I",
            opening_date=D(2026, 12, 1) + dt.timedelta(days=i),
            is_pilot=i == 5,
        )
        for i, o in enumerate(orgs)
    )
    return Organization.objects.get(code="QB")


def test_job_renders_pieces_saves_true_progress_and_joins_numbered_pages(
    tree, big_qb, settings, monkeypatch
):
    settings.REPORT_PIECE_ROWS = 5
    job = services.job_request(user=tree.qb_secretary, root=big_qb, term_code="2025-2030")
    seen = []
    render = pieces.render_piece

    def recording(template, context, piece):
        row = GeneratedReport.objects.values("status", "steps_done", "steps", "progress").get()
        seen.append((row["status"], row["steps_done"], row["steps"], row["progress"]))
        return render(template, context, piece)

    monkeypatch.setattr(pieces, "render_piece", recording)
    services.job_run(job.pk)
    job.refresh_from_db()
    # QB's 3 committees (one piece), then 3 groups of 12 cells, each cut in 5 + 5 + 2 and
    # each starting a piece of its own: 10 pieces; joining and numbering is the last step.
    n = len(seen)
    assert n == job.steps - 1 == 10
    assert seen == [
        ("running", i, n + 1, i * 100 // (n + 1)) for i in range(n)
    ]  # each piece's progress saved before the next starts
    assert (job.status, job.steps_done, job.progress) == (JobStatus.DONE, n + 1, 100)
    pdf = job.file.read()
    pages = pdf_pages(pdf)
    assert job.pages == pages and pages >= n
    text = pdf_text(pdf)
    # Every page carries its number out of the joined total, in order, once.
    assert re.findall(r"^\s*(\d+)/(\d+)\s*$", text, re.M) == [
        (str(i), str(pages)) for i in range(1, pages + 1)
    ]
    words = flat(pdf)
    # The official frame once: header and title at the start, the signer at the end.
    assert words.count("ĐẢNG CỘNG SẢN VIỆT NAM") == 1 and words.count("Nơi nhận") == 1
    assert words.index("BÁO CÁO") < words.index("Chi bộ Đội 0.0") < words.index("Nơi nhận")
    assert tree.qb_secretary.display_name in words.split("Nơi nhận", 1)[1]
    assert "Tổng cộng 39" in words
    for c in range(3):
        assert f"Đảng bộ Phòng Số {c} (12 đại hội) (tiếp theo)" in words
        for k in range(12):
            assert f"Chi bộ Đội {c}.{k} " in words
    assert "(đại hội điểm)" in words
    assert "CHƯA CẤP SỐ" in words  # a job's report is a preview: never numbered


def test_time_limits_are_set_on_the_task(settings):
    assert generate_report.soft_time_limit == settings.REPORT_JOB_SOFT_TIME_LIMIT > 0
    assert generate_report.time_limit == settings.REPORT_JOB_TIME_LIMIT
    assert generate_report.time_limit > generate_report.soft_time_limit
    assert settings.CELERY_WORKER_MAX_MEMORY_PER_CHILD > 0


def test_soft_time_limit_marks_the_job_failed_with_a_reason(tree, monkeypatch):
    job = services.job_request(user=tree.qb_secretary, root=tree.qb)

    def too_slow(*args, **kwargs):
        raise SoftTimeLimitExceeded

    monkeypatch.setattr(pieces, "render_piece", too_slow)
    with pytest.raises(SoftTimeLimitExceeded):
        services.job_run(job.pk)
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED and "Quá thời gian" in job.error and not job.file


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
