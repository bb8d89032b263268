"""apps/reports/rendering.py: the date line, the number and symbol, header names that never
break inside a fixed phrase, and Vietnamese output whatever the UI language."""

import datetime as dt
import gc

import pytest
from django.utils import translation

from apps.reports import rendering, services
from apps.reports.rendering import (
    FONT_FAMILY,
    font_faces_css,
    header_name,
    html_to_pdf,
    number_and_symbol,
    party_date_line,
    render_html,
    symbol,
)
from tests.reports.pdf import pdf_fonts, pdf_text

D = dt.date
DAY = D(2020, 5, 13)


def lines(pdf: bytes) -> list[str]:
    return [" ".join(line.replace("\u00a0", " ").split()) for line in pdf_text(pdf).splitlines()]


def test_date_line_format():
    assert party_date_line("Quảng Bình", D(2020, 5, 13)) == "Quảng Bình, ngày 13 tháng 5 năm 2020"
    assert party_date_line("Hà Nội", D(2020, 2, 5)) == "Hà Nội, ngày 05 tháng 02 năm 2020"


@pytest.mark.django_db
def test_header_keeps_trung_uong_and_place_names_on_one_line(tree, qb):
    assert header_name("Đảng ủy Công an Trung ương") == "ĐẢNG\u00a0ỦY CÔNG\u00a0AN TRUNG\u00a0ƯƠNG"
    assert header_name("Đảng ủy Công an tỉnh Quảng Bình").endswith("TỈNH QUẢNG\u00a0BÌNH")
    pdf, _ = services.report_preview(user=tree.qb_officer, kind="superior-report", obj=qb, day=DAY)
    header = lines(pdf)[:8]
    assert any(line.startswith("TRUNG ƯƠNG") for line in header), header
    assert not any(line.endswith("TRUNG") for line in header), header
    assert not any(line.startswith("ƯƠNG") for line in header), header


def test_date_line_pads_days_below_10_and_only_january_and_february():
    assert party_date_line("Gia Lai", D(2020, 3, 1)) == "Gia Lai, ngày 01 tháng 3 năm 2020"
    assert party_date_line("Gia Lai", D(2020, 1, 31)) == "Gia Lai, ngày 31 tháng 01 năm 2020"
    assert party_date_line("Gia Lai", D(2020, 12, 9)) == "Gia Lai, ngày 09 tháng 12 năm 2020"


def test_number_and_symbol_with_and_without_a_number():
    assert number_and_symbol(1, "BC", "ĐU") == "01-BC/ĐU"
    assert number_and_symbol(125, "QĐ", "ĐU") == "125-QĐ/ĐU"
    assert number_and_symbol(None, "TTr", "ĐU") == "\u00a0" * 4 + "-TTr/ĐU"  # a preview
    assert number_and_symbol(0, "BC", "CB") == "\u00a0" * 4 + "-BC/CB"
    assert symbol(7, "BB", "ĐU") == "Số 07-BB/ĐU"
    assert symbol(None, "BC", "ĐU").startswith("Số \u00a0")


def test_header_names_fold_spaces_and_keep_short_names_whole():
    assert header_name("  Chi   bộ  Phòng ") == "CHI\u00a0BỘ\u00a0PHÒNG"  # three words: one line
    assert header_name("Ban") == "BAN"
    assert header_name("Đảng bộ Đồng Hới") == "ĐẢNG\u00a0BỘ ĐỒNG\u00a0HỚI"
    # the last words already joined by a fixed phrase are not joined again
    assert header_name("Đại hội lần thứ") == "ĐẠI\u00a0HỘI LẦN\u00a0THỨ"


def test_documents_are_rendered_in_vietnamese_whatever_the_ui_language(monkeypatch, settings):
    seen = {}

    def capture(template, context):
        seen.update(template=template, language=translation.get_language(), context=context)
        return "<p>x</p>"

    monkeypatch.setattr(rendering, "render_to_string", capture)
    with translation.override("en"):
        assert render_html("reports/x.html", {"title": "Báo cáo"}) == "<p>x</p>"
        assert translation.get_language() == "en"  # the page's language is left as it was
    assert seen["template"] == "reports/x.html" and seen["language"] == "vi"
    assert seen["context"] == {
        "title": "Báo cáo",
        "font_family": FONT_FAMILY,
        "margins": settings.REPORT_MARGINS_MM,
    }


def test_html_becomes_a_pdf_in_the_shipped_font():
    pdf = html_to_pdf(f"<p style=\"font-family: '{FONT_FAMILY}'\">Đảng Cộng sản Việt Nam</p>")
    assert pdf.startswith(b"%PDF-")
    assert "Đảng Cộng sản Việt Nam" in pdf_text(pdf)
    assert set(pdf_fonts(pdf)) == {"Congress-Serif"}  # no system font stood in


def test_the_font_faces_point_at_the_four_shipped_files():
    css = font_faces_css()
    assert css.count("@font-face") == 4
    for name in ("Regular", "Bold", "Italic", "BoldItalic"):
        assert f"LiberationSerif-{name}.ttf" in css
    assert "file://" in css


def test_a_render_leaves_the_collector_on_and_no_garbage_behind():
    """The collector is paused while WeasyPrint lays a document out (its collections cost a
    fifth of the time and find nothing until the end) and run once after it."""
    html_to_pdf("<p>1</p>")  # the process's fonts and stylesheets, made once, stay
    gc.collect()
    pdf = html_to_pdf("<table>" + "<tr><td>1</td><td>Chi bộ Đội 1</td></tr>" * 300 + "</table>")
    left = gc.collect()
    assert gc.isenabled()
    assert left == 0  # the document's reference cycles were already freed
    assert "Chi bộ Đội 1" in pdf_text(pdf)
