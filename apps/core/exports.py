"""Writing an import-export resource's dataset as CSV (UTF-8 with BOM, for Excel) or XLSX."""

from __future__ import annotations

from import_export.formats.base_formats import CSV, XLSX

FORMATS = {"csv": CSV, "xlsx": XLSX}
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def export_bytes(resource, queryset, fmt: str) -> bytes:
    dataset = resource.export(queryset=queryset)
    data = FORMATS[fmt]().export_data(dataset)
    if isinstance(data, str):
        return ("\ufeff" + data).encode("utf-8")
    return data
