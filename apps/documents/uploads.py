"""Upload checks: the type is read from the content (magic bytes and container), never trusted
from the name; the size limit comes from settings; stored names are generated, never the user's.
DOCX and ODT text is extracted so rounds can be compared."""

from __future__ import annotations

import io
import os
import re
import zipfile
from dataclasses import dataclass
from xml.etree import ElementTree

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from apps.core.errors import DomainError

ALLOWED_EXTENSIONS = {".pdf", ".docx", ".odt"}
CONTENT_TYPES = {
    ".pdf": "application/pdf",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".odt": "application/vnd.oasis.opendocument.text",
}


def safe_extension(filename: str) -> str:
    ext = os.path.splitext(filename or "")[1].lower()
    return ext if ext in ALLOWED_EXTENSIONS else ""


@dataclass(frozen=True)
class CheckedUpload:
    extension: str
    content_type: str
    text: str


def check_upload(upload: UploadedFile) -> CheckedUpload:
    """Refuse anything that is not really a PDF, DOCX or ODT within the size limit."""
    limit = settings.UPLOAD_MAX_BYTES
    if upload.size > limit:
        raise DomainError(
            _("Tệp quá lớn (%(size)s); giới hạn là %(limit)s.")
            % {"size": filesizeformat(upload.size), "limit": filesizeformat(limit)},
            field="file",
        )
    claimed = os.path.splitext(upload.name or "")[1].lower()
    if claimed not in ALLOWED_EXTENSIONS:
        raise DomainError(_("Chỉ nhận tệp PDF, DOCX hoặc ODT."), field="file")
    upload.seek(0)
    data = upload.read()
    upload.seek(0)
    actual = sniff(data)
    if actual != claimed:
        raise DomainError(
            _("Nội dung tệp “%(name)s” không phải là %(kind)s; tệp bị từ chối.")
            % {"name": os.path.basename(upload.name), "kind": claimed.lstrip(".").upper()},
            field="file",
        )
    return CheckedUpload(claimed, CONTENT_TYPES[claimed], extract_text(data, claimed))


def sniff(data: bytes) -> str | None:
    """The real type of a file from its bytes: ".pdf", ".docx", ".odt" or None."""
    if data.startswith(b"%PDF-"):
        return ".pdf"
    if not data.startswith(b"PK\x03\x04"):
        return None
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            if "word/document.xml" in names and "[Content_Types].xml" in names:
                return ".docx"
            if (
                "mimetype" in names
                and archive.read("mimetype").strip() == CONTENT_TYPES[".odt"].encode()
            ):
                return ".odt"
    except zipfile.BadZipFile:
        return None
    return None


W_NS = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
TEXT_NS = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"


def extract_text(data: bytes, extension: str) -> str:
    """Paragraph text of a DOCX or ODT (one paragraph per line); PDFs are not read here."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            if extension == ".docx":
                root = ElementTree.fromstring(archive.read("word/document.xml"))
                paragraphs = root.iter(f"{W_NS}p")
                return "\n".join(
                    "".join(t.text or "" for t in p.iter(f"{W_NS}t")) for p in paragraphs
                ).strip()
            if extension == ".odt":
                root = ElementTree.fromstring(archive.read("content.xml"))
                lines = [
                    re.sub(r"\s+", " ", "".join(el.itertext())).strip()
                    for el in root.iter()
                    if el.tag in (f"{TEXT_NS}p", f"{TEXT_NS}h")
                ]
                return "\n".join(lines).strip()
    except (zipfile.BadZipFile, KeyError, ElementTree.ParseError):
        return ""
    return ""
