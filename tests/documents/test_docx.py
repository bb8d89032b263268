"""apps/documents/docx.py: the minimal Word writer makes a file Word and our upload check read."""

import io
import zipfile
from xml.etree import ElementTree

from apps.documents.docx import docx_bytes
from apps.documents.uploads import extract_text, sniff

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _paragraphs(data: bytes) -> list[str]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        root = ElementTree.fromstring(archive.read("word/document.xml"))
    return ["".join(t.text or "" for t in p.iter(f"{W}t")) for p in root.iter(f"{W}p")]


def test_the_package_holds_the_three_parts_word_needs():
    with zipfile.ZipFile(io.BytesIO(docx_bytes(["x"]))) as archive:
        assert archive.testzip() is None
        assert sorted(archive.namelist()) == [
            "[Content_Types].xml",
            "_rels/.rels",
            "word/document.xml",
        ]
        assert b"word/document.xml" in archive.read("_rels/.rels")


def test_one_paragraph_per_line_in_order_with_vietnamese_kept():
    lines = ["Báo cáo chính trị", "Phần I: Đánh giá", "Kết luận"]
    data = docx_bytes(lines)
    assert _paragraphs(data) == lines
    assert sniff(data) == ".docx"
    assert extract_text(data, ".docx") == "Báo cáo chính trị\nPhần I: Đánh giá\nKết luận"


def test_markup_in_the_text_is_escaped_not_interpreted():
    lines = ['<w:p>chèn</w:p> & "trích"', "a < b > c"]
    assert _paragraphs(docx_bytes(lines)) == lines


def test_leading_and_trailing_spaces_are_preserved():
    assert _paragraphs(docx_bytes(["  thụt đầu dòng  "])) == ["  thụt đầu dòng  "]


def test_no_paragraphs_is_an_empty_document():
    data = docx_bytes([])
    assert _paragraphs(data) == []
    assert extract_text(data, ".docx") == ""
