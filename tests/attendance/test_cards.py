"""The delegate cards' PDF: four cards to an A4 sheet, each with its QR code and printed code."""

import segno

from apps.attendance.cards import CARDS_PER_SHEET, CardFace, CardSheetHeader, cards_pdf, qr_svg_uri
from tests.reports.pdf import flat, pdf_pages

HEADER = CardSheetHeader(
    superior_name="Đảng ủy Công an Trung ương",
    organization_name="Đảng bộ Công an tỉnh Quảng Bình",
    congress_line="Đại hội đại biểu lần thứ XVII",
    term_line="nhiệm kỳ 2020–2025",
    place_and_dates="Đồng Hới, 28/07/2020\u00a0–\u00a029/07/2020",
)


def face(i: int) -> CardFace:
    return CardFace(
        name=f"Nguyễn Văn {chr(65 + i)}",
        delegation="Đảng bộ Phòng Tham mưu",
        kind="Đại biểu chính thức",
        code=f"CODE{i:04d}",
        token=f"1:CODE{i:04d}:sig",
    )


def test_the_qr_code_is_an_svg_of_the_token():
    uri = qr_svg_uri("1:ABC:sig")
    assert uri.startswith("data:image/svg+xml")
    assert uri == segno.make("1:ABC:sig", error="m", micro=False).svg_data_uri(scale=4, border=4)
    assert qr_svg_uri("1:ABD:sig") != uri


def test_five_cards_fill_two_sheets_in_the_given_order():
    faces = [face(i) for i in range(CARDS_PER_SHEET + 1)]
    pdf = cards_pdf(HEADER, iter(faces))  # any iterable
    assert pdf.startswith(b"%PDF-") and pdf_pages(pdf) == 2
    text = flat(pdf)
    assert text.count("THẺ ĐẠI BIỂU") == 5
    positions = [text.index(f.code) for f in faces]
    assert positions == sorted(positions)
    assert all(f.name in text for f in faces)
    assert "ĐẢNG ỦY CÔNG AN TRUNG ƯƠNG" in text and "nhiệm kỳ 2020–2025" in text


def test_the_root_prints_no_superior_and_no_card_is_an_empty_document():
    root = HEADER._replace(superior_name="", organization_name="Đảng ủy Công an Trung ương")
    text = flat(cards_pdf(root, [face(0)]))
    assert "ĐẢNG ỦY CÔNG AN TRUNG ƯƠNG" in text and "CODE0000" in text
    empty = cards_pdf(HEADER, [])
    assert empty.startswith(b"%PDF-") and "THẺ ĐẠI BIỂU" not in flat(empty)
