"""A big progress report as a job: rendered in bounded pieces, joined, numbered, with true
progress, a time limit and a page of its own (reload-proof, the requester's only)."""

import datetime as dt
import io
import re

import pytest

from apps.reports import pieces, services
from apps.reports.models import GeneratedReport, JobStatus
from apps.reports.rendering import html_to_pdf
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


def test_no_groups_make_one_empty_piece_carrying_both_ends():
    assert pieces.split_groups([], 10) == [[]]
    (only,) = pieces.plan({"groups": []}, max_rows=10)
    assert only == pieces.Piece([], first=True, last=True)


def test_a_piece_of_no_rows_is_refused():
    with pytest.raises(ValueError, match="positive"):
        pieces.split_groups([group("A", 1)], 0)


def test_the_plan_marks_the_first_and_the_last_piece(settings):
    settings.REPORT_PIECE_ROWS = 3
    parts = pieces.plan({"groups": [group("A", 3), group("B", 3), group("C", 2)]})
    assert [(p.first, p.last) for p in parts] == [(True, False), (False, False), (False, True)]
    assert [[g["parent"] for g in p.groups] for p in parts] == [["A"], ["B"], ["C"]]


def test_joined_pages_are_numbered_out_of_the_total():
    import io

    from tests.factories import pdf_bytes

    out = io.BytesIO()
    assert pieces.join_numbered([pdf_bytes(2), pdf_bytes(1)], out) == 3
    assert pdf_pages(out.getvalue()) == 3
    numbers = [line.strip() for line in pdf_text(out.getvalue()).split("\f") if line.strip()]
    assert numbers == ["1/3", "2/3", "3/3"]


def test_joined_pages_stay_compressed_and_numbered():
    """Stamping a number rewrites each page's content: written uncompressed, the national
    report's 668 pages came to 30 MB instead of 4."""
    from pypdf import PdfReader

    body = "<p>{}</p>" + "<p>Chi bộ Đội 1 — Chưa đến hạn</p>" * 120
    parts = [html_to_pdf(body.format(f"Phần {n}")) for n in (1, 2)]
    out = io.BytesIO()
    total = pieces.join_numbered(parts, out)
    joined = out.getvalue()
    assert total == pdf_pages(joined) == sum(pdf_pages(p) for p in parts) > 2
    assert re.findall(r"^\s*(\d+)/(\d+)\s*$", pdf_text(joined), re.M) == [
        (str(i), str(total)) for i in range(1, total + 1)
    ]
    for page in PdfReader(io.BytesIO(joined)).pages:
        streams = page["/Contents"]
        streams = streams if isinstance(streams, list) else [streams]
        assert all(s.get_object().get("/Filter") == "/FlateDecode" for s in streams)
    assert len(joined) < 2 * sum(len(p) for p in parts)
