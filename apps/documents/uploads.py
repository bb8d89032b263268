"""Upload checks: the type is read from the content (magic bytes and container), never trusted
from the name; the size limit comes from settings; stored names are generated, never the user's.
DOCX and ODT text is extracted so rounds can be compared."""

from __future__ import annotations

import contextlib
import io
import os
import re
import zipfile
from dataclasses import dataclass
from xml.etree import ElementTree

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from apps.core.containers import open_checked_zip
from apps.core.errors import DomainError

from .pdf_check import is_pdf

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
    """Refuse anything that is not really a PDF, DOCX or ODT within the size limit of its kind;
    a DOCX or ODT also within the ZIP limits (apps.core.containers) and the extracted-text limit,
    all checked before anything is stored."""
    claimed = os.path.splitext(upload.name or "")[1].lower()
    if claimed not in ALLOWED_EXTENSIONS:
        raise DomainError(_("Chỉ nhận tệp PDF, DOCX hoặc ODT."), field="file")
    limit = min(
        settings.UPLOAD_MAX_BYTES,
        settings.UPLOAD_MAX_BYTES_BY_KIND.get(claimed, settings.UPLOAD_MAX_BYTES),
    )
    if upload.size > limit:
        raise DomainError(
            _("Tệp quá lớn (%(size)s); giới hạn là %(limit)s.")
            % {"size": filesizeformat(upload.size), "limit": filesizeformat(limit)},
            field="file",
        )
    upload.seek(0)
    data = upload.read()
    upload.seek(0)
    if data.startswith(b"PK\x03\x04"):
        with contextlib.suppress(zipfile.BadZipFile):  # then sniff() finds no type, says so
            open_checked_zip(data).close()  # before sniff() reads any entry
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
        return ".pdf" if is_pdf(data) else None  # parsed, not just its first bytes
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
    """Paragraph text of a DOCX or ODT (one paragraph per line); PDFs are not read here.

    Streamed (iterparse, each paragraph dropped once read) and stopped with a refusal past
    settings.EXTRACTED_TEXT_MAX_CHARS: a zip bomb once stored 67 MB of text as a round."""
    if extension == ".docx":
        member, paragraph_tags = "word/document.xml", {f"{W_NS}p"}
    elif extension == ".odt":
        member, paragraph_tags = "content.xml", {f"{TEXT_NS}p", f"{TEXT_NS}h"}
    else:
        return ""
    limit = settings.EXTRACTED_TEXT_MAX_CHARS
    lines: list[str] = []
    total = 0
    try:
        with open_checked_zip(data) as archive, archive.open(member) as stream:
            for _event, element in ElementTree.iterparse(stream, events=("end",)):
                if element.tag not in paragraph_tags:
                    continue
                if extension == ".docx":
                    line = "".join(t.text or "" for t in element.iter(f"{W_NS}t"))
                else:
                    line = re.sub(r"\s+", " ", "".join(element.itertext())).strip()
                element.clear()
                total += len(line) + 1
                if total > limit:
                    raise DomainError(
                        _(
                            "Văn bản trong tệp dài hơn %(max)s ký tự; hãy chia thành nhiều văn "
                            "kiện hoặc gửi bản PDF."
                        )
                        % {"max": number_format(limit, force_grouping=True)},
                        field="file",
                    )
                lines.append(line)
    except (zipfile.BadZipFile, KeyError, ElementTree.ParseError):
        return ""
    return "\n".join(lines).strip()
