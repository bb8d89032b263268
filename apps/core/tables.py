"""Reading CSV and XLSX files for imports: UTF-8 (with or without BOM) or XLSX; anything else is
refused with a message that says what to do. Rows keep their spreadsheet row numbers."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import IO, Any, NamedTuple

from django.conf import settings
from django.db.models import Model
from django.template.defaultfilters import filesizeformat
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from apps.core.containers import open_checked_zip
from apps.core.errors import DomainError
from apps.core.exports import unescape_cell
from apps.core.text import fold
from apps.core.validators import control_character_in, control_character_message


@dataclass
class RowError:
    row: int  # the spreadsheet row (the header is row 1)
    column: str
    message: str

    def __str__(self) -> str:
        if self.row == 0:
            return self.message
        return _("Dòng %(row)s, cột %(col)s: %(msg)s") % {
            "row": self.row,
            "col": self.column,
            "msg": self.message,
        }


@dataclass
class Table:
    rows: list[tuple[int, dict[str, str]]] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)


class TableRefused(Exception):
    """The file as a whole is refused (too big, too many rows or columns, a bomb)."""


class TableLimits(NamedTuple):
    """How big a file may be: settings.IMPORT_MAX_* for an import in the request; an import
    made as a job (apps.organizations.import_jobs) is allowed settings.IMPORT_JOB_MAX_*."""

    max_bytes: int
    max_rows: int

    @classmethod
    def in_request(cls) -> TableLimits:
        return cls(settings.IMPORT_MAX_BYTES, settings.IMPORT_MAX_ROWS)

    @classmethod
    def as_job(cls) -> TableLimits:
        return cls(settings.IMPORT_JOB_MAX_BYTES, settings.IMPORT_JOB_MAX_ROWS)


def read_table(
    data: bytes,
    filename: str,
    required: Sequence[str],
    optional: Sequence[str] = (),
    lengths: Mapping[str, int] | None = None,
    limits: TableLimits | None = None,
) -> Table:
    """The rows of a CSV (UTF-8) or XLSX file, bounded: the file's size, its rows and columns
    (settings.IMPORT_MAX_*) and, for XLSX, its ZIP container are checked before and while
    reading, so no file costs more than the limits allow. Every cell is checked for control
    characters and, where `lengths` names its column, for its length."""
    table = Table()
    try:
        raw_rows = _bounded_rows(data, filename, limits or TableLimits.in_request())
    except TableRefused as refused:
        table.errors.append(RowError(0, "", str(refused)))
        return table
    except DomainError as refused:
        table.errors.append(RowError(0, "", refused.message))
        return table
    except UnicodeDecodeError:
        table.errors.append(
            RowError(
                0,
                "",
                _(
                    "Tệp không phải UTF-8 (có thể là Windows-1258/TCVN3). "
                    "Hãy lưu lại tệp CSV với mã hóa UTF-8 rồi nhập lại."
                ),
            )
        )
        return table
    except Exception:  # openpyxl and csv raise many kinds for a broken file
        table.errors.append(
            RowError(0, "", _("Không đọc được tệp; chỉ nhận CSV (UTF-8) hoặc XLSX."))
        )
        return table
    if not raw_rows:
        table.errors.append(RowError(0, "", _("Tệp trống.")))
        return table
    header = [str(h or "").strip().lower() for h in raw_rows[0]]
    missing = [c for c in required if c not in header]
    if missing:
        table.errors.append(RowError(1, ", ".join(missing), _("thiếu cột bắt buộc")))
        return table
    known = set(required) | set(optional)
    lengths = lengths or {}
    for number, values in enumerate(raw_rows[1:], start=2):
        if not any(str(v or "").strip() for v in values):
            continue
        row = {
            h: _cell(values[i]) if i < len(values) else ""
            for i, h in enumerate(header)
            if h in known
        }
        for column, text in row.items():
            bad = control_character_in(text)
            if bad:
                table.errors.append(RowError(number, column, control_character_message(bad)))
                row[column] = ""
            elif column in lengths and len(text) > lengths[column]:
                table.errors.append(
                    RowError(
                        number,
                        column,
                        _("dài %(n)s ký tự, tối đa %(max)s")
                        % {"n": len(text), "max": lengths[column]},
                    )
                )
        table.rows.append((number, row))
    return table


def model_lengths(model: type[Model], columns: Mapping[str, str]) -> dict[str, int]:
    """{column: max_length} of the model fields the columns are stored in, for `read_table`."""
    lengths = {}
    for column, name in columns.items():
        limit = getattr(model._meta.get_field(name), "max_length", None)
        if isinstance(limit, int):
            lengths[column] = limit
    return lengths


def _bounded_rows(data: bytes, filename: str, limits: TableLimits) -> list[list]:
    if len(data) > limits.max_bytes:
        raise TableRefused(
            _("Tệp quá lớn (%(size)s); giới hạn là %(max)s.")
            % {"size": filesizeformat(len(data)), "max": filesizeformat(limits.max_bytes)}
        )
    max_rows, max_columns = limits.max_rows, settings.IMPORT_MAX_COLUMNS
    rows: list[list] = []
    values_read: Iterator[Sequence[Any]]
    if filename.lower().endswith(".xlsx"):
        values_read = _xlsx_rows(data, max_columns, max_rows)
    else:
        values_read = _csv_rows(data, max_columns)
    for values in values_read:
        if len(rows) > max_rows:  # the header plus max_rows rows are allowed
            raise _too_many_rows(max_rows)
        if len(values) > max_columns and any(str(v or "").strip() for v in values[max_columns:]):
            raise TableRefused(
                _("Dòng %(row)s có hơn %(max)s cột.") % {"row": len(rows) + 1, "max": max_columns}
            )
        rows.append(list(values[:max_columns]))
    return rows


def _cell(value) -> str:
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return "" if value is None else unescape_cell(str(value).strip())


def _csv_rows(data: bytes, max_columns: int) -> Iterator[list[str]]:
    text = data.decode("utf-8-sig")
    yield from csv.reader(io.StringIO(text))


def _xlsx_rows(data: bytes, max_columns: int, max_rows: int) -> Iterator[tuple]:
    """Streamed (read-only) from the first sheet, the container checked first. The sheet's
    declared <dimension> is ignored: a tiny file claiming A1:XFD1048576 made openpyxl pad a
    million rows of 16,384 cells. One column past the limit is read, to notice a wider row."""
    from openpyxl import load_workbook

    with open_checked_zip(data) as archive:
        # openpyxl reads every sheet through once, looking for its <dimension>, before we see
        # a row: a sheet over the row limit is refused before that (10 s for 120,000 rows).
        for entry in archive.infolist():
            if SHEET_PATH.fullmatch(entry.filename):
                with archive.open(entry) as xml:
                    if _counts_more_rows(xml, max_rows + 1):
                        raise _too_many_rows(max_rows)
    book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    try:
        sheet = book.worksheets[0]
        sheet.reset_dimensions()
        yield from sheet.iter_rows(max_col=max_columns + 1, values_only=True)
    finally:
        book.close()


SHEET_PATH = re.compile(r"xl/worksheets/[^/]+\.xml")
ROW_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]{0,20}:)?row[\s>/]")


def _counts_more_rows(xml: IO[bytes], limit: int) -> bool:
    """Does the sheet's XML hold more than `limit` <row> elements? A byte scan, a hundred times
    faster than parsing: a 120,000-row sheet is refused at once, not after 50,000 parsed rows."""
    overlap, count, tail = 64, 0, b""
    while chunk := xml.read(1 << 20):
        buffer = tail + chunk
        cut = len(buffer) - overlap
        count += sum(1 for match in ROW_TAG.finditer(buffer) if match.start() < cut)
        tail = buffer[cut:]
        if count > limit:
            return True
    return count + len(ROW_TAG.findall(tail)) > limit


def _too_many_rows(max_rows: int) -> TableRefused:
    return TableRefused(
        _("Tệp có hơn %(max)s dòng dữ liệu; hãy chia thành nhiều tệp.")
        % {"max": number_format(max_rows, force_grouping=True)}
    )


def parse_date(text: str) -> dt.date | None:
    """dd/mm/yyyy or ISO (yyyy-mm-dd); None when it is neither."""
    for fmt in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            return dt.datetime.strptime(text.strip(), fmt).date()
        except ValueError:
            continue
    return None


def parse_bool(text: str) -> bool | None:
    word = fold(text)
    if word in {"true", "1", "yes", "co", "x"}:
        return True
    if word in {"false", "0", "no", "khong", ""}:
        return False
    return None


def choice_lookup(choices, extra: dict[str, str] | None = None) -> dict[str, str]:
    """Accept a TextChoices value, its English words (underscores as spaces) or its Vietnamese
    label, case- and diacritics-insensitively."""
    table: dict[str, str] = {}
    for value, label in choices:
        table[fold(value)] = value
        table[fold(value.replace("_", " "))] = value
        table[fold(str(label))] = value
    for word, value in (extra or {}).items():
        table[fold(word)] = value
    return table
