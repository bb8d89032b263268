"""Django templates → WeasyPrint → PDF bytes, with the fonts shipped under static/fonts, so the
output is the same on every machine (no system font is ever reached for)."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

FONT_FAMILY = "Congress Serif"  # our own family name, so no system font can stand in for it


def party_date_line(place: str, day: dt.date) -> str:
    """ "Quảng Bình, ngày 13 tháng 5 năm 2020": days below 10 and months 1–2 get a leading zero."""
    month = f"{day.month:02d}" if day.month <= 2 else str(day.month)
    return f"{place}, ngày {day.day:02d} tháng {month} năm {day.year}"


# Words a header line must never break between (HD 36 sets the bodies' names in capitals over
# a narrow column): "TRUNG ƯƠNG" over two lines reads as two words.
UNBREAKABLE = (
    "ĐẢNG ỦY",
    "ĐẢNG BỘ",
    "CHI BỘ",
    "CÔNG AN",
    "TRUNG ƯƠNG",
    "THÀNH PHỐ",
    "ĐẠI HỘI",
    "ĐẢNG VIÊN",
    "ĐẠI BIỂU",
    "LẦN THỨ",
)
NBSP = "\u00a0"


def header_name(name: str) -> str:
    """A body's name for the header, in capitals, breakable only between its parts: fixed
    phrases and the last two words (a place name: QUẢNG BÌNH, ĐỒNG HỚI) stay on one line."""
    text = " ".join(name.upper().split())
    for phrase in UNBREAKABLE:
        text = text.replace(phrase, phrase.replace(" ", NBSP))
    head, sep, last = text.rpartition(" ")
    if sep and NBSP not in last:
        head, sep2, before = head.rpartition(" ")
        return f"{head}{sep2}{before}{NBSP}{last}" if sep2 else f"{before}{NBSP}{last}"
    return text


def number_and_symbol(number: int | None, doc_type: str, issuer_code: str) -> str:
    """ "01-BC/ĐU"; a preview leaves the number blank: "   -BC/ĐU"."""
    shown = f"{number:02d}" if number else "\u00a0\u00a0\u00a0\u00a0"
    return f"{shown}-{doc_type}/{issuer_code}"


def symbol(number: int | None, doc_type: str, issuer_code: str) -> str:
    """ "Số 01-BC/ĐU", as the header of a Party document prints it (HD 36: hyphen, no colon)."""
    return f"Số {number_and_symbol(number, doc_type, issuer_code)}"


@lru_cache(maxsize=1)
def font_faces_css() -> str:
    fonts = settings.BASE_DIR / "static" / "fonts"
    faces = [
        ("Regular", "normal", "normal"),
        ("Bold", "bold", "normal"),
        ("Italic", "normal", "italic"),
        ("BoldItalic", "bold", "italic"),
    ]
    return "\n".join(
        f'@font-face {{ font-family: "{FONT_FAMILY}"; font-weight: {weight}; font-style: {style};'
        f' src: url("{(fonts / f"LiberationSerif-{name}.ttf").as_uri()}"); }}'
        for name, weight, style in faces
    )


def render_pdf(template: str, context: dict) -> bytes:
    """Render in Vietnamese (Party documents are Vietnamese whatever the UI language)."""
    from weasyprint import HTML
    from weasyprint.text.fonts import FontConfiguration

    with translation.override("vi"):
        html = render_to_string(
            template,
            {
                **context,
                "font_faces": font_faces_css(),
                "font_family": FONT_FAMILY,
                "margins": settings.REPORT_MARGINS_MM,
            },
        )
    fonts = FontConfiguration()
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf(font_config=fonts)
