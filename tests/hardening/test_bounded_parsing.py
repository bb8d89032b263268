"""Issue 17 item 2: every file is read within bounds. The probe's files, made here: a tiny XLSX
claiming A1:XFD1048576, a DOCX zip bomb (87 MB inflated), an ODT with a 300 MB entry, a CSV
over the size limit, an XLSX over the row limit; each is refused (or read as what it really
holds) with a clear message, in bounded time and memory, and nothing is written."""

from __future__ import annotations

import time
import tracemalloc
from collections.abc import Callable
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from apps.core.errors import DomainError
from apps.documents import services
from apps.documents.models import DraftRound
from apps.organizations.importing import import_organizations
from apps.personnel.imports import read_candidates

from .attack_files import docx_bomb, many_rows_xlsx, odt_with_big_entry, xlsx
from .snapshots import snapshot

pytestmark = pytest.mark.django_db
ORG_HEADER = ["code", "parent_code", "name", "short_name", "kind"]
CANDIDATE_HEADER = ["full_name", "birth_date", "sex"]


def bounded(seconds: float, megabytes: float, work: Callable[[], Any]) -> Any:
    """Run `work` twice: once for its time (must stay under `seconds`), once under tracemalloc
    for its peak allocation (under `megabytes`; tracing slows it many times, so not timed).
    Returns what the first run returned, or the exception it raised."""

    def run() -> Any:
        try:
            return work()
        except Exception as exc:
            return exc

    started = time.perf_counter()
    outcome = run()
    elapsed = time.perf_counter() - started
    tracemalloc.start()
    try:
        run()
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert elapsed < seconds, f"{elapsed:.1f} s"
    assert peak < megabytes * 1024 * 1024, f"{peak / 1024 / 1024:.0f} MB"
    return outcome


def test_a_tiny_xlsx_claiming_a1_xfd1048576_is_read_as_the_rows_it_holds(tree):
    rows = [ORG_HEADER, ["QB-NEW", "QB", "Chi bộ Mới", "", "grassroots cell"]]
    data = xlsx(rows, dimension="A1:XFD1048576")
    assert len(data) < 6000
    result = bounded(
        3, 40, lambda: import_organizations(data, "o.xlsx", actor=tree.qb_officer, dry_run=True)
    )
    assert result.ok and result.created == 1, result.errors
    candidates = xlsx(
        [CANDIDATE_HEADER, ["Nguyễn Văn A", "01/01/1980", "Nam"]], dimension="A1:XFD1048576"
    )
    parsed = bounded(3, 40, lambda: read_candidates(candidates, "ds.xlsx"))
    assert not parsed.errors and [r["full_name"] for r in parsed.rows] == ["Nguyễn Văn A"]


def test_an_xlsx_with_one_cell_at_xfd1048576_is_refused_by_its_rows(tree, settings):
    data = xlsx(
        [ORG_HEADER, ["QB-NEW", "QB", "Chi bộ Mới", "", "grassroots cell"]],
        dimension="A1:XFD1048576",
        far_cell="XFD1048576",
    )
    before = snapshot()
    result = bounded(5, 80, lambda: import_organizations(data, "o.xlsx", actor=tree.qb_officer))
    assert [str(e) for e in result.errors] == [
        "Tệp có hơn 50.000 dòng dữ liệu; hãy chia thành nhiều tệp."
    ]
    assert snapshot() == before


def test_an_xlsx_over_the_row_limit_is_refused_on_the_page_and_nothing_is_written(
    client, tree, settings
):
    settings.IMPORT_MAX_ROWS = 1000
    data = many_rows_xlsx(ORG_HEADER, ["QB-X", "QB", "Chi bộ", "", "grassroots cell"], 1500)
    before = snapshot()
    client.force_login(tree.qb_officer)
    started = time.perf_counter()
    response = client.post(
        "/org/QB/import/",
        {"what": "organizations", "file": SimpleUploadedFile("o.xlsx", data)},
    )
    assert time.perf_counter() - started < 5
    page = response.content.decode()
    assert response.status_code == 200
    assert "Tệp có hơn 1.000 dòng dữ liệu; hãy chia thành nhiều tệp." in page
    assert 'id="confirm-import"' not in page
    assert snapshot() == before


def test_a_row_wider_than_the_column_limit_is_refused(tree, settings):
    settings.IMPORT_MAX_COLUMNS = 8
    data = "code,parent_code,name,short_name,kind\nQB-X,QB,Chi bộ,,grassroots cell" + ",x" * 20
    result = import_organizations(data.encode(), "o.csv", actor=tree.qb_officer)
    assert [str(e) for e in result.errors] == ["Dòng 2 có hơn 8 cột."]


def test_an_xlsx_bomb_is_refused_before_openpyxl_inflates_it(tree, settings):
    settings.ZIP_MAX_ENTRY_BYTES = 200_000
    rows = [ORG_HEADER] + [
        [f"QB-{n}", "QB", "Chi bộ " * 5, "", "grassroots cell"] for n in range(5000)
    ]
    data = xlsx(rows)
    before = snapshot()
    result = import_organizations(data, "o.xlsx", actor=tree.qb_officer)
    assert len(result.errors) == 1 and "vượt giới hạn 195,3" in str(result.errors[0])
    assert snapshot() == before


def test_a_csv_over_the_size_limit_is_refused_before_it_is_read(client, tree, document):
    big = ("full_name,birth_date,sex\n" + "Nguyễn Văn A,01/01/1980,Nam\n" * 400_000).encode()
    assert len(big) > 10 * 1024 * 1024
    before = snapshot()
    client.force_login(tree.qb_secretary)
    started = time.perf_counter()
    page = client.post(
        f"/personnel/congress/{document.congress_id}/plan/import/",
        {"file": SimpleUploadedFile("ds.csv", big)},
    ).content.decode()
    assert time.perf_counter() - started < 5
    assert "Tệp quá lớn" in page and "giới hạn là 10,0" in page
    assert snapshot() == before
    refused = bounded(2, 5, lambda: read_candidates(big, "ds.csv"))
    assert refused.errors[0].startswith("Tệp quá lớn")
    client.force_login(tree.qb_officer)
    page = client.post(
        "/org/QB/import/", {"what": "people", "file": SimpleUploadedFile("p.csv", big)}
    ).content.decode()
    assert "Tệp quá lớn" in page
    assert snapshot() == before


def test_a_csv_over_the_row_limit_is_refused_for_candidates_too(tree, settings):
    settings.IMPORT_MAX_ROWS = 100
    data = ("full_name,birth_date,sex\n" + "Nguyễn Văn A,01/01/1980,Nam\n" * 101).encode()
    assert read_candidates(data, "ds.csv").errors == [
        "Tệp có hơn 100 dòng dữ liệu; hãy chia thành nhiều tệp."
    ]
    ok = ("full_name,birth_date,sex\n" + "Nguyễn Văn A,01/01/1980,Nam\n" * 100).encode()
    assert len(read_candidates(ok, "ds.csv").rows) == 100


def test_a_docx_zip_bomb_is_refused_as_a_draft_round(client, tree, document):
    doc = document
    bomb = docx_bomb()
    assert len(bomb) < 1024 * 1024
    before = snapshot()
    client.force_login(tree.qb_secretary)
    started = time.perf_counter()
    page = client.post(
        f"/documents/{doc.pk}/", {"file": SimpleUploadedFile("du-thao.docx", bomb)}
    ).content.decode()
    assert time.perf_counter() - started < 5
    assert "Thành phần “word/document.xml” của tệp giải nén ra 87,0" in page
    assert not DraftRound.objects.exists()
    assert snapshot() == before


def test_a_zip_bomb_under_the_entry_limit_is_refused_by_its_ratio(tree, document, settings):
    doc = document
    bomb = docx_bomb(20 * 1024 * 1024)
    refused = bounded(
        3,
        30,
        lambda: services.round_submit(
            actor=tree.qb_secretary, document=doc, file=SimpleUploadedFile("d.docx", bomb)
        ),
    )
    assert isinstance(refused, DomainError)
    assert str(refused) == "Tệp bị nén bất thường (tỷ lệ nén trên 100 lần); tệp bị từ chối."
    assert not DraftRound.objects.exists()


def test_an_odt_with_a_300_mb_entry_is_refused(tree, document):
    doc = document
    odt = odt_with_big_entry()
    before = snapshot()
    refused = bounded(
        3,
        30,
        lambda: services.round_submit(
            actor=tree.qb_secretary, document=doc, file=SimpleUploadedFile("d.odt", odt)
        ),
    )
    assert isinstance(refused, DomainError)
    assert str(refused) == (
        "Thành phần “Pictures/filler.png” của tệp giải nén ra 300,0\xa0MB, "
        "vượt giới hạn 50,0\xa0MB."
    )
    assert snapshot() == before


def test_extracted_text_over_the_limit_is_refused(tree, document, settings):
    from apps.documents.docx import docx_bytes

    settings.EXTRACTED_TEXT_MAX_CHARS = 5_000
    doc = document
    data = docx_bytes(["Điều khoản " * 10] * 100)
    before = snapshot()
    with pytest.raises(DomainError) as refused:
        services.round_submit(
            actor=tree.qb_secretary, document=doc, file=SimpleUploadedFile("d.docx", data)
        )
    assert str(refused.value).startswith("Văn bản trong tệp dài hơn 5.000 ký tự")
    assert snapshot() == before


def test_errors_are_listed_up_to_the_limit(client, tree):
    rows = "".join(f"QB-{n},QB,Chi bộ {n},,không rõ\n" for n in range(500))
    data = ("code,parent_code,name,short_name,kind\n" + rows).encode()
    client.force_login(tree.qb_officer)
    response = client.post(
        "/org/QB/import/", {"what": "organizations", "file": SimpleUploadedFile("o.csv", data)}
    )
    page = response.content.decode()
    assert "500 lỗi; không ghi dòng nào" in page
    assert page.count("loại hình “không rõ” không hợp lệ") == 200
    assert "… và 300 lỗi khác (không liệt kê)." in page
    assert len(page) < 100_000


def _round_with_body(tree, doc, body: str) -> DraftRound:
    return services.round_submit(actor=tree.qb_secretary, document=doc, body=body)


def test_the_round_comparison_is_bounded_in_size(client, tree, document, settings):
    settings.DIFF_MAX_LINES = 1000
    doc = document
    old = _round_with_body(tree, doc, "\n".join(f"Dòng {n}" for n in range(1500)))
    new = _round_with_body(tree, doc, "\n".join(f"Dòng {n} mới" for n in range(1500)))
    client.force_login(tree.qb_secretary)
    page = client.get(f"/documents/rounds/{new.pk}/?diff={old.pk}").content.decode()
    assert "Văn bản quá dài để so sánh trên trang (tối đa 1.000 dòng" in page


def test_the_round_comparison_is_bounded_in_time(client, tree, document, settings):
    """3,000 lines each, every one changed a little: difflib's intraline matching is quadratic
    (tens of seconds here); the page gives up at DIFF_MAX_SECONDS and says so."""
    settings.DIFF_MAX_SECONDS = 0.5
    doc = document
    old = _round_with_body(
        tree, doc, "\n".join(f"Điều {n}: nội dung cũ {n * 7}" for n in range(3000))
    )
    new = _round_with_body(
        tree, doc, "\n".join(f"Điều {n}: nội dung mới {n * 3}" for n in range(3000))
    )
    client.force_login(tree.qb_secretary)
    started = time.perf_counter()
    page = client.get(f"/documents/rounds/{new.pk}/?diff={old.pk}").content.decode()
    assert time.perf_counter() - started < 4
    assert "So sánh hai lần dự thảo mất quá 0.5 giây nên đã dừng" in page
    small_old = _round_with_body(tree, doc, "Mở đầu\nPhần I cũ")
    small_new = _round_with_body(tree, doc, "Mở đầu\nPhần I mới")
    page = client.get(f"/documents/rounds/{small_new.pk}/?diff={small_old.pk}").content.decode()
    assert 'class="diff' in page and "diff-refusal" not in page
