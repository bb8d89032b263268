"""Reading CSV and XLSX files for imports: UTF-8 (with or without BOM) or XLSX; anything else is
refused with a message that says what to do. Rows keep their spreadsheet row numbers."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from apps.core.text import fold


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


def read_table(
    data: bytes, filename: str, required: Sequence[str], optional: Sequence[str] = ()
) -> Table:
    table = Table()
    try:
        reader = _xlsx_rows if filename.lower().endswith(".xlsx") else _csv_rows
        raw_rows = reader(data)
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
    for number, values in enumerate(raw_rows[1:], start=2):
        if not any(str(v or "").strip() for v in values):
            continue
        row = {
            h: _cell(values[i]) if i < len(values) else ""
            for i, h in enumerate(header)
            if h in known
        }
        table.rows.append((number, row))
    return table


def _cell(value) -> str:
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return "" if value is None else str(value).strip()


def _csv_rows(data: bytes) -> list[list[str]]:
    text = data.decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


def _xlsx_rows(data: bytes) -> list[list]:
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(data), read_only=True, data_only=True).worksheets[0]
    return [list(r) for r in sheet.iter_rows(values_only=True)]


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
