"""Django templates → WeasyPrint → PDF bytes, with the fonts shipped under static/fonts, so the
output is the same on every machine (no system font is ever reached for)."""

from __future__ import annotations

import atexit
import datetime as dt
from functools import lru_cache
from typing import Any, NamedTuple

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

from apps.core.memory import collected_once

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


class _Typesetter(NamedTuple):
    """What every render shares, made once per process: the font configuration with our four
    faces already loaded, and an HTML class whose user-agent stylesheet is trimmed to what our
    documents use."""

    fonts: Any  # weasyprint FontConfiguration
    faces: Any  # weasyprint CSS holding the @font-face rules
    html: Any  # a subclass of weasyprint.HTML


# WeasyPrint's default user-agent stylesheet gives *every* element six pseudo-elements
# (::marker, ::footnote-call/-marker, ::note-call/-marker/-callback), each with computed
# styles: 22,000 style computations for a 400-row table. Our documents have no footnotes, no
# notes and no lists, so those rules are left out and ::marker is kept for list items only.
_UNUSED_PSEUDO_RULES = ("::footnote-", "::note-")


@lru_cache(maxsize=1)
def _typesetter() -> _Typesetter:
    from weasyprint import CSS, HTML
    from weasyprint.css.counters import CounterStyle
    from weasyprint.html import UA
    from weasyprint.text.fonts import FontConfiguration

    fonts = FontConfiguration()
    faces = CSS(string=font_faces_css(), font_config=fonts)
    rules = [line for line in UA.splitlines() if not line.lstrip().startswith(_UNUSED_PSEUDO_RULES)]
    user_agent = CSS(
        string="\n".join(rules).replace("\n::marker {", "\nli::marker {"),
        counter_style=CounterStyle(),  # documents count with WeasyPrint's own copy
    )

    class ReportHTML(HTML):
        def _ua_stylesheets(self, forms: bool = False) -> list:
            return [user_agent]

    # Freed before the interpreter tears its modules down: FontConfiguration.__del__ calls
    # into fontconfig and fails noisily once the module globals are gone.
    atexit.register(_typesetter.cache_clear)
    return _Typesetter(fonts, faces, ReportHTML)


def html_to_pdf(html: str) -> bytes:
    """WeasyPrint with the process's shared fonts and trimmed user-agent stylesheet; the
    cyclic garbage collector paused during the render and run once after it
    (`core.memory.collected_once`: the collections a render triggers cost it a fifth of its
    time and free next to nothing until it ends)."""
    typesetter = _typesetter()
    with collected_once():  # nothing of the document may be left referenced when it ends
        pdf: bytes = typesetter.html(string=html, base_url=str(settings.BASE_DIR)).write_pdf(
            stylesheets=[typesetter.faces], font_config=typesetter.fonts
        )
    return pdf


def render_html(template: str, context: dict) -> str:
    """The document's HTML, in Vietnamese (Party documents are Vietnamese whatever the UI
    language)."""
    with translation.override("vi"):
        return render_to_string(
            template,
            {
                **context,
                "font_family": FONT_FAMILY,
                "margins": settings.REPORT_MARGINS_MM,
            },
        )


def render_pdf(template: str, context: dict) -> bytes:
    """Render in Vietnamese (Party documents are Vietnamese whatever the UI language)."""
    return html_to_pdf(render_html(template, context))
