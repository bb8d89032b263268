"""A big progress report made in bounded pieces and joined into one numbered document.

WeasyPrint lays out a whole document before it writes a byte: the national report (13,000
congresses, about 900 pages) held 2.8 GB and its job sat at one progress value for minutes.
Here the detailed tables are cut into pieces of at most `REPORT_PIECE_ROWS` rows (a group —
one organisation's subordinates — is kept whole when it fits in a piece; a longer one continues
in the next piece under "(tiếp theo)", its numbering unbroken). Each piece is rendered on its
own, so memory is bounded by a piece, and progress is the count of pieces done. The first piece
carries the document's header, title and summary, the last its signature and recipients.

Page numbers ("3/958") cannot come from CSS when pages are laid out piece by piece, so the
pieces are rendered without them, joined with pypdf, and every page is stamped with its number
out of the joined total, in the same place, font and size as a single-render document.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import BinaryIO, NamedTuple

from django.conf import settings
from django.template.loader import render_to_string

from .rendering import FONT_FAMILY, html_to_pdf, render_pdf


class Piece(NamedTuple):
    """One part of the report: some groups (or the part of one) and which end it carries."""

    groups: list[dict]
    first: bool  # header, title and summary tables
    last: bool  # signature and recipients


def split_groups(groups: Sequence[dict], max_rows: int) -> list[list[dict]]:
    """The groups in pieces of at most `max_rows` rows, in order. A group that does not fit
    in what is left of a piece starts the next one, so a group that fits in a piece is never
    cut; a longer one is cut at `max_rows` and each later part is marked `continued` (its rows
    keep their numbers)."""
    if max_rows < 1:
        raise ValueError("max_rows must be positive")
    pieces: list[list[dict]] = []
    current: list[dict] = []
    count = 0
    for group in groups:
        rows = group["rows"]
        start = 0
        while start < len(rows):
            left = len(rows) - start
            room = max_rows - count
            if count and left > room:
                pieces.append(current)
                current, count, room = [], 0, max_rows
            part = rows[start : start + room]
            current.append({**group, "rows": part, "continued": start > 0})
            count += len(part)
            start += len(part)
    if current or not pieces:
        pieces.append(current)
    return pieces


def plan(context: dict, max_rows: int | None = None) -> list[Piece]:
    """The pieces of a built progress report (`builders.build_progress`)."""
    parts = split_groups(context["groups"], max_rows or settings.REPORT_PIECE_ROWS)
    return [Piece(groups, first=i == 0, last=i == len(parts) - 1) for i, groups in enumerate(parts)]


def render_piece(template: str, context: dict, piece: Piece) -> bytes:
    """One piece as a PDF without page numbers (they are stamped after joining)."""
    return render_pdf(
        template,
        {
            **context,
            "groups": piece.groups,
            "omit_front": not piece.first,
            "omit_closing": not piece.last,
            "omit_page_numbers": True,
        },
    )


def page_numbers_pdf(total: int) -> bytes:
    """`total` blank pages carrying only "n/total", placed as base.html places them."""
    html = render_to_string(
        "reports/page_numbers.html",
        {
            "pages": range(total),
            "margins": settings.REPORT_MARGINS_MM,
            "font_family": FONT_FAMILY,
        },
    )
    return html_to_pdf(html)


def join_numbered(pieces: Iterable[Path | bytes], out: BinaryIO) -> int:
    """Join the pieces' PDFs in order, stamp "n/total" on every page, write to `out`; returns
    the number of pages."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    for piece in pieces:
        writer.append(io.BytesIO(piece) if isinstance(piece, bytes) else str(piece))
    total = len(writer.pages)
    numbers = PdfReader(io.BytesIO(page_numbers_pdf(total)))
    for page, number in zip(writer.pages, numbers.pages, strict=True):
        page.merge_page(number)
        # Merging rewrites the page's content without compression: 668 pages came to 30 MB
        # instead of 4 MB.
        page.compress_content_streams()
    writer.write(out)
    return total
