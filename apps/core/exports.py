"""Writing an import-export resource's dataset as CSV (UTF-8 with BOM, for Excel) or XLSX, with
every cell made safe for a spreadsheet.

Formula injection (OWASP "CSV Injection"): a name like `=HYPERLINK(…)`, `+cmd|…` or `@SUM(…)` was
exported as a live formula. Every text cell starting with = + - @ tab or carriage return gets a
leading apostrophe, which spreadsheets read as "this is text". Control characters that XLSX
cannot hold (a place "Hall\\x0bA" made the export answer 500) are replaced by U+FFFD, so old bad
data never breaks an export. `SpreadsheetSafeResource` applies this to every resource export —
the pages, the command and the admin's export all go through it; `unescape_cell` undoes the
apostrophe when such a file is imported back.
"""

from __future__ import annotations

from typing import Any

import tablib
from import_export import resources
from import_export.formats.base_formats import CSV, XLSX

from apps.core.validators import CONTROL_CHARACTERS

FORMATS = {"csv": CSV, "xlsx": XLSX}
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value: Any) -> Any:
    """A cell value that no spreadsheet evaluates and every XLSX writer accepts."""
    if not isinstance(value, str):
        return value
    value = CONTROL_CHARACTERS.sub("\ufffd", value)
    if value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


def unescape_cell(text: str) -> str:
    """The value `spreadsheet_safe` escaped, for a file exported here and imported back."""
    if len(text) > 1 and text[0] == "'" and text[1] in FORMULA_TRIGGERS:
        return text[1:]
    return text


class SpreadsheetSafeResource(resources.ModelResource):
    """The base of every export resource: its dataset comes out spreadsheet-safe."""

    def export(self, *args: Any, **kwargs: Any) -> tablib.Dataset:
        dataset = super().export(*args, **kwargs)
        safe = tablib.Dataset(headers=[spreadsheet_safe(h) for h in dataset.headers or []])
        for row in dataset:
            safe.append([spreadsheet_safe(value) for value in row])
        return safe


def export_bytes(resource, queryset, fmt: str) -> bytes:
    dataset = resource.export(queryset=queryset)
    data = FORMATS[fmt]().export_data(dataset)
    if isinstance(data, str):
        return ("\ufeff" + data).encode("utf-8")
    return data
