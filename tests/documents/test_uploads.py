"""apps/documents/uploads.py: the type read from the content, the size limit per kind, the
stored extension, and the text extracted from DOCX and ODT."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from apps.core.errors import DomainError
from apps.documents.docx import docx_bytes
from apps.documents.uploads import check_upload, extract_text, safe_extension, sniff
from tests.factories import pdf_bytes

ODT_TYPE = "application/vnd.oasis.opendocument.text"


def odt_bytes(body: str, *, mimetype: str = ODT_TYPE) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("mimetype", mimetype)
        z.writestr(
            "content.xml",
            "<office:document-content "
            'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
            'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0">'
            f"<office:body><office:text>{body}</office:text></office:body>"
            "</office:document-content>",
        )
    return buf.getvalue()


@pytest.mark.parametrize(
    "name, ext",
    [
        ("bao-cao.pdf", ".pdf"),
        ("BAO-CAO.PDF", ".pdf"),
        ("du.thao.DocX", ".docx"),
        ("x.odt", ".odt"),
        ("x.exe", ""),
        ("x.pdf.exe", ""),
        ("../../etc/passwd", ""),
        ("khong-duoi", ""),
        ("", ""),
    ],
)
def test_safe_extension_keeps_only_the_three_kinds(name, ext):
    assert safe_extension(name) == ext


def test_sniff_reads_the_type_from_the_bytes():
    assert sniff(pdf_bytes()) == ".pdf"
    assert sniff(docx_bytes(["x"])) == ".docx"
    assert sniff(odt_bytes("<text:p>x</text:p>")) == ".odt"


def test_sniff_finds_no_type_in_lookalikes():
    assert sniff(b"%PDF-1.7 but not really") is None
    assert sniff(b"MZ\x90\x00") is None
    assert sniff(b"PK\x03\x04 broken zip") is None
    assert sniff(odt_bytes("<text:p>x</text:p>", mimetype="application/zip")) is None
    plain_zip = io.BytesIO()
    with zipfile.ZipFile(plain_zip, "w") as z:
        z.writestr("word/document.xml", "<x/>")  # no [Content_Types].xml
    assert sniff(plain_zip.getvalue()) is None


def test_check_upload_accepts_each_kind_with_its_content_type_and_text():
    pdf = check_upload(SimpleUploadedFile("a.PDF", pdf_bytes()))
    assert (pdf.extension, pdf.content_type, pdf.text) == (".pdf", "application/pdf", "")
    docx = check_upload(SimpleUploadedFile("a.docx", docx_bytes(["Dòng 1", "Dòng 2"])))
    assert docx.extension == ".docx" and docx.text == "Dòng 1\nDòng 2"
    assert docx.content_type.endswith("wordprocessingml.document")
    odt = check_upload(SimpleUploadedFile("a.odt", odt_bytes("<text:h>Tiêu đề</text:h>")))
    assert (odt.extension, odt.content_type, odt.text) == (".odt", ODT_TYPE, "Tiêu đề")


def test_check_upload_leaves_the_file_at_its_start():
    upload = SimpleUploadedFile("a.docx", docx_bytes(["x"]))
    check_upload(upload)
    assert upload.read() == docx_bytes(["x"])


def test_a_name_outside_the_three_kinds_is_refused_on_the_file_field():
    with pytest.raises(DomainError, match="Chỉ nhận tệp PDF, DOCX hoặc ODT") as info:
        check_upload(SimpleUploadedFile("a.txt", b"text"))
    assert info.value.field == "file"


def test_content_not_matching_the_name_is_refused_naming_the_file():
    with pytest.raises(DomainError, match=r"“thu\.docx” không phải là DOCX"):
        check_upload(SimpleUploadedFile("thu.docx", pdf_bytes()))
    with pytest.raises(DomainError, match="không phải là PDF"):
        check_upload(SimpleUploadedFile("thu.pdf", docx_bytes(["x"])))


def test_the_size_limit_of_the_kind_applies_and_the_request_limit_caps_it(settings):
    data = docx_bytes(["x" * 50])
    settings.UPLOAD_MAX_BYTES = 10_000_000
    settings.UPLOAD_MAX_BYTES_BY_KIND = {".docx": len(data) - 1}
    with pytest.raises(DomainError, match="Tệp quá lớn"):
        check_upload(SimpleUploadedFile("a.docx", data))
    assert check_upload(SimpleUploadedFile("a.pdf", pdf_bytes())).extension == ".pdf"
    settings.UPLOAD_MAX_BYTES_BY_KIND = {".docx": 10_000_000}
    settings.UPLOAD_MAX_BYTES = len(data) - 1
    with pytest.raises(DomainError, match="Tệp quá lớn"):
        check_upload(SimpleUploadedFile("a.docx", data))
    settings.UPLOAD_MAX_BYTES = len(data)
    assert check_upload(SimpleUploadedFile("a.docx", data)).text == "x" * 50


def test_extract_text_folds_odt_whitespace_and_reads_headings():
    body = "<text:h>Phần   I</text:h><text:p>  Nội\n dung  <text:span>tiếp</text:span> </text:p>"
    assert extract_text(odt_bytes(body), ".odt") == "Phần I\nNội dung tiếp"


def test_extract_text_reads_nothing_from_a_pdf_or_a_broken_container():
    assert extract_text(pdf_bytes(), ".pdf") == ""
    assert extract_text(b"PK\x03\x04 broken", ".docx") == ""
    assert extract_text(docx_bytes(["x"]), ".odt") == ""  # no content.xml in it


def test_extract_text_past_the_limit_is_refused(settings):
    settings.EXTRACTED_TEXT_MAX_CHARS = 20
    assert extract_text(docx_bytes(["a" * 9, "b" * 9]), ".docx") == "a" * 9 + "\n" + "b" * 9
    with pytest.raises(DomainError, match="dài hơn 20 ký tự") as info:
        extract_text(docx_bytes(["a" * 9, "b" * 9, "c"]), ".docx")
    assert info.value.field == "file"
