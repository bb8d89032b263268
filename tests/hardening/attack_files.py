"""Hostile files, made small in the test (streamed, never held whole in memory)."""

from __future__ import annotations

import io
import zipfile

from openpyxl import Workbook

from apps.documents.docx import CONTENT_TYPES, RELS

ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"


def xlsx(rows: list[list], *, dimension: str | None = None, far_cell: str | None = None) -> bytes:
    """An XLSX of `rows`; `dimension` rewrites the sheet's declared <dimension ref>, `far_cell`
    adds one cell at that reference (e.g. XFD1048576)."""
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    if dimension is None and far_cell is None:
        return buffer.getvalue()
    source = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                text = data.decode()
                if dimension:
                    start = text.index("<dimension ref=")
                    end = text.index("/>", start)
                    text = text[:start] + f'<dimension ref="{dimension}"' + text[end:]
                if far_cell:
                    row = "".join(ch for ch in far_cell if ch.isdigit())
                    cell = (
                        f'<row r="{row}"><c r="{far_cell}" t="inlineStr">'
                        "<is><t>x</t></is></c></row>"
                    )
                    text = text.replace("</sheetData>", cell + "</sheetData>")
                data = text.encode()
            target.writestr(item, data)
    return out.getvalue()


def many_rows_xlsx(header: list[str], row: list, count: int) -> bytes:
    book = Workbook(write_only=True)
    sheet = book.create_sheet()
    sheet.append(header)
    for _ in range(count):
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _stream_entry(archive: zipfile.ZipFile, name: str, head: bytes, filler: bytes, size: int):
    info = zipfile.ZipInfo(name)
    info.compress_type = zipfile.ZIP_DEFLATED
    with archive.open(info, "w", force_zip64=True) as entry:
        entry.write(head)
        written = len(head)
        while written < size:
            chunk = filler[: size - written]
            entry.write(chunk)
            written += len(chunk)


def docx_bomb(uncompressed: int = 87 * 1024 * 1024) -> bytes:
    """A DOCX whose document.xml inflates to `uncompressed` bytes of one repeated paragraph."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", RELS)
        paragraph = b"<w:p><w:r><w:t>" + b"A" * 200 + b"</w:t></w:r></w:p>"
        head = (
            b'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w='
            b'"http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
        )
        _stream_entry(archive, "word/document.xml", head, paragraph * 5000, uncompressed)
    return out.getvalue()


def odt_with_big_entry(entry_bytes: int = 300 * 1024 * 1024) -> bytes:
    """A real-looking ODT carrying one picture entry of `entry_bytes` zeros."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), ODT_MIMETYPE)
        archive.writestr(
            "content.xml",
            '<?xml version="1.0"?><office:document-content '
            'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
            'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0">'
            "<office:body><office:text><text:p>Dự thảo</text:p></office:text></office:body>"
            "</office:document-content>",
        )
        _stream_entry(archive, "Pictures/filler.png", b"", b"\0" * (1024 * 1024), entry_bytes)
    return out.getvalue()
