"""Delegate cards (thẻ đại biểu) as a PDF: four A6 cards on each A4 sheet, cut along the lines.

Each card carries the delegate's name, the delegation (source organisation) they come from,
the kind of delegate, the congress's name and ordinal, and a QR code of the signed token
(tokens.py) with the delegate's code printed under it, so the door can type the code when a
camera cannot read the card. Everything printed comes from the records; nothing is made up.
The QR code is drawn by segno as SVG (vector: sharp at any printer's resolution).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import NamedTuple

import segno

from apps.reports.rendering import header_name, render_pdf

CARDS_PER_SHEET = 4


class CardFace(NamedTuple):
    """What one card shows."""

    name: str
    delegation: str  # the source organisation's name (đoàn đại biểu)
    kind: str  # "Đại biểu chính thức", "Đại biểu đương nhiên", …
    code: str
    token: str


class CardSheetHeader(NamedTuple):
    """What every card of a congress shares."""

    superior_name: str  # the convening organisation's direct superior ("" at the root)
    organization_name: str  # the convening organisation
    congress_line: str  # "Đại hội đại biểu lần thứ XVII"
    term_line: str  # "nhiệm kỳ 2020–2025"
    place_and_dates: str  # "Đồng Hới, 28/07/2020 – 29/07/2020"


def qr_svg_uri(token: str) -> str:
    """The token's QR code as an SVG data URI (error correction M, a quiet zone of 4 modules)."""
    return segno.make(token, error="m", micro=False).svg_data_uri(scale=4, border=4)


def _sheets(faces: Sequence[CardFace]) -> list[list[dict[str, str]]]:
    cards = [{**face._asdict(), "qr": qr_svg_uri(face.token)} for face in faces]
    return [cards[i : i + CARDS_PER_SHEET] for i in range(0, len(cards), CARDS_PER_SHEET)]


def cards_pdf(header: CardSheetHeader, faces: Iterable[CardFace]) -> bytes:
    """The PDF of the given cards, in the given order (four to an A4 sheet)."""
    faces = list(faces)
    return render_pdf(
        "attendance/cards.html",
        {
            "header": header,
            "superior_header": header_name(header.superior_name) if header.superior_name else "",
            "organization_header": header_name(header.organization_name),
            "congress_header": header_name(header.congress_line),
            "sheets": _sheets(faces),
            "title": f"{header.organization_name} — {header.congress_line}",
        },
    )
