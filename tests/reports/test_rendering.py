"""apps/reports/rendering.py: the date line, the number and symbol, header names that never
break inside a fixed phrase, and Vietnamese output whatever the UI language."""

import datetime as dt

import pytest

from apps.reports import services
from apps.reports.rendering import header_name, party_date_line
from tests.reports.pdf import pdf_text

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
