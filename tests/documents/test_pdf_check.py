"""apps/documents/pdf_check.py: a PDF is what pypdf parses strictly, not what starts with %PDF-."""

import io

from pypdf import PdfWriter

from apps.documents import pdf_check
from apps.documents.pdf_check import is_pdf
from tests.factories import pdf_bytes


def test_a_real_pdf_of_one_or_more_pages_is_one():
    assert is_pdf(pdf_bytes())
    assert is_pdf(pdf_bytes(pages=3))


def test_the_magic_bytes_alone_are_not_a_pdf():
    assert not is_pdf(b"%PDF-1.7\n" + b"0" * 2000)
    assert not is_pdf(b"%PDF-")


def test_other_content_is_not_a_pdf():
    assert not is_pdf(b"")
    assert not is_pdf(b"MZ\x90\x00" + pdf_bytes())  # a real PDF behind other bytes
    assert not is_pdf(b"PK\x03\x04")


def test_a_truncated_pdf_is_refused_not_repaired():
    data = pdf_bytes(pages=2)
    assert not is_pdf(data[: len(data) // 2])


def test_an_encrypted_pdf_is_refused():
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.encrypt("mật-khẩu")
    out = io.BytesIO()
    writer.write(out)
    assert out.getvalue().startswith(b"%PDF-")
    assert not is_pdf(out.getvalue())


def test_a_pdf_with_no_pages_is_refused():
    writer = PdfWriter()
    out = io.BytesIO()
    writer.write(out)
    assert not is_pdf(out.getvalue())


def test_more_pages_than_the_limit_is_refused(monkeypatch):
    monkeypatch.setattr(pdf_check, "PDF_MAX_PAGES", 2)
    assert is_pdf(pdf_bytes(pages=2))
    assert not is_pdf(pdf_bytes(pages=3))
