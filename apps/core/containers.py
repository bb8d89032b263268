"""ZIP containers (DOCX, ODT, XLSX) checked before anything inflates them.

A 336 KB DOCX inflated to 87 MB and a 1.5 KB XLSX drove a worker past 3 GB. The central
directory declares each entry's uncompressed size; Python's zipfile never yields more than the
declared size (a lie ends in a CRC error), so checking the declared sizes bounds what any later
reader (our text extraction, openpyxl) can inflate. Limits come from settings (ZIP_MAX_*).
"""

from __future__ import annotations

import io
import zipfile

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from apps.core.errors import DomainError

# Small entries may compress very well (repetitive XML) without costing anything.
RATIO_CHECKED_FROM_BYTES = 1024 * 1024


def open_checked_zip(data: bytes) -> zipfile.ZipFile:
    """The archive, once its entries are within the limits; DomainError (Vietnamese) otherwise,
    zipfile.BadZipFile when it is not a ZIP file at all."""
    archive = zipfile.ZipFile(io.BytesIO(data))
    entries = archive.infolist()
    if len(entries) > settings.ZIP_MAX_ENTRIES:
        raise DomainError(
            _("Tệp nén chứa quá nhiều thành phần (%(n)s; tối đa %(max)s).")
            % {"n": len(entries), "max": settings.ZIP_MAX_ENTRIES},
            field="file",
        )
    total = 0
    for entry in entries:
        total += entry.file_size
        if entry.file_size > settings.ZIP_MAX_ENTRY_BYTES:
            raise DomainError(
                _("Thành phần “%(name)s” của tệp giải nén ra %(size)s, vượt giới hạn %(max)s.")
                % {
                    "name": entry.filename[:80],
                    "size": filesizeformat(entry.file_size),
                    "max": filesizeformat(settings.ZIP_MAX_ENTRY_BYTES),
                },
                field="file",
            )
        if (
            entry.file_size > RATIO_CHECKED_FROM_BYTES
            and entry.file_size > settings.ZIP_MAX_RATIO * max(entry.compress_size, 1)
        ):
            raise DomainError(
                _("Tệp bị nén bất thường (tỷ lệ nén trên %(r)s lần); tệp bị từ chối.")
                % {"r": settings.ZIP_MAX_RATIO},
                field="file",
            )
    if total > settings.ZIP_MAX_TOTAL_BYTES:
        raise DomainError(
            _("Tệp giải nén ra %(size)s, vượt giới hạn %(max)s.")
            % {
                "size": filesizeformat(total),
                "max": filesizeformat(settings.ZIP_MAX_TOTAL_BYTES),
            },
            field="file",
        )
    return archive
