"""apps.core.containers: a ZIP container's declared sizes are checked before anything inflates
it."""

import io
import zipfile

import pytest

from apps.core.containers import RATIO_CHECKED_FROM_BYTES, open_checked_zip
from apps.core.errors import DomainError


def _zip(entries: dict[str, bytes], compression=zipfile.ZIP_DEFLATED) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return out.getvalue()


def test_an_ordinary_archive_is_opened_and_readable():
    archive = open_checked_zip(_zip({"word/document.xml": b"<w:document/>", "a.txt": b"x"}))
    assert archive.namelist() == ["word/document.xml", "a.txt"]
    assert archive.read("a.txt") == b"x"


def test_too_many_entries_are_refused(settings):
    settings.ZIP_MAX_ENTRIES = 3
    open_checked_zip(_zip({f"{i}.txt": b"" for i in range(3)}))  # at the limit: fine
    with pytest.raises(DomainError) as refused:
        open_checked_zip(_zip({f"{i}.txt": b"" for i in range(4)}))
    assert refused.value.field == "file"
    assert refused.value.message == "Tệp nén chứa quá nhiều thành phần (4; tối đa 3)."


def test_one_entry_over_its_limit_is_refused_by_name(settings):
    settings.ZIP_MAX_ENTRY_BYTES = 1000
    with pytest.raises(DomainError) as refused:
        open_checked_zip(_zip({"xl/worksheets/sheet1.xml": b"a" * 1001}))
    assert "“xl/worksheets/sheet1.xml”" in refused.value.message
    assert "vượt giới hạn" in refused.value.message


def test_the_entries_together_over_the_total_are_refused(settings):
    settings.ZIP_MAX_ENTRY_BYTES = 1000
    settings.ZIP_MAX_TOTAL_BYTES = 1500
    open_checked_zip(_zip({"a": b"a" * 750, "b": b"b" * 750}))  # exactly the total: fine
    with pytest.raises(DomainError) as refused:
        open_checked_zip(_zip({"a": b"a" * 800, "b": b"b" * 800}))
    assert refused.value.message.startswith("Tệp giải nén ra 1,6")


def test_a_big_entry_compressed_past_the_ratio_is_refused_a_small_one_is_not(settings):
    settings.ZIP_MAX_RATIO = 100
    small = b"\0" * (RATIO_CHECKED_FROM_BYTES - 1)  # compresses ~1000×, but is small
    open_checked_zip(_zip({"small": small}))
    with pytest.raises(DomainError) as refused:
        open_checked_zip(_zip({"big": b"\0" * (RATIO_CHECKED_FROM_BYTES + 1)}))
    assert "tỷ lệ nén trên 100 lần" in refused.value.message
    # stored without compression, the same bytes are within the ratio
    open_checked_zip(_zip({"big": b"\0" * (RATIO_CHECKED_FROM_BYTES + 1)}, zipfile.ZIP_STORED))


def test_bytes_that_are_not_a_zip_raise_bad_zip_file():
    with pytest.raises(zipfile.BadZipFile):
        open_checked_zip(b"%PDF-1.7 not a zip")
