"""Is this really a PDF? A file that merely starts with ``%PDF-`` is not one.

pypdf reads the cross-reference table and the page tree (strict: a broken file is refused,
not repaired) and the first page is loaded. The input is already bounded by the upload size
limit; a page tree claiming more than PDF_MAX_PAGES pages is refused rather than walked.
"""

from __future__ import annotations

import io
import logging

from pypdf import PdfReader

PDF_MAX_PAGES = 5000

# pypdf narrates every repair it considers at WARNING; a refused upload is not an incident.
logging.getLogger("pypdf").setLevel(logging.ERROR)


def is_pdf(data: bytes) -> bool:
    if not data.startswith(b"%PDF-"):
        return False
    try:
        reader = PdfReader(io.BytesIO(data), strict=True)
        if reader.is_encrypted:
            return False  # nobody could read it, nor its text be checked
        pages = len(reader.pages)
        if not 1 <= pages <= PDF_MAX_PAGES:
            return False
        reader.pages[0].mediabox  # noqa: B018  (loads the first page object)
    except Exception:  # any parse failure means "not a PDF we accept"
        return False
    return True
