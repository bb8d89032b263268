"""Checks and writes the delegate services share."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from apps.congresses.models import Congress
from apps.core.errors import DomainError, PermissionDenied

from .models import Delegate, new_delegate_code
from .permissions import may_manage_delegates


def day_text(value: dt.date) -> str:
    return value.strftime("%d/%m/%Y")


def require_manager(actor: Any, congress: Congress) -> None:
    if not may_manage_delegates(actor, congress):
        raise PermissionDenied(
            _(
                "Chỉ Bí thư, Phó Bí thư, Ủy viên Ban Thường vụ và Văn phòng của tổ chức triệu "
                "tập được làm việc này."
            )
        )


def insert_delegates(delegates: list[Delegate]) -> list[Delegate]:
    """Insert delegates; on the rare clash of a random card code, draw new codes and retry."""
    for _attempt in range(5):
        try:
            with transaction.atomic():
                return Delegate.objects.bulk_create(delegates)
        except IntegrityError:
            for d in delegates:
                d.code = new_delegate_code()
    raise DomainError(_("Không tạo được mã đại biểu; vui lòng thử lại."))
