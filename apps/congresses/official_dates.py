"""Official dates (ngày văn bản): today by default; in the past only by an officer, with a reason.

Circulations, reports and decisions all carry one, and all check it here.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils.translation import gettext as _

from apps.core.errors import DomainError, PermissionDenied
from apps.organizations.models import Organization
from apps.organizations.permissions import Action, may


def official_date_check(
    *,
    actor: Any,
    organization: Organization,
    official_date: dt.date | None,
    reason: str,
    today: dt.date,
) -> dt.date:
    """The date to record. Never in the future; a past date needs an officer and a reason."""
    if official_date is None or official_date == today:
        return today
    if official_date > today:
        raise DomainError(
            _("Ngày văn bản không được sau ngày hôm nay (%(today)s).")
            % {"today": today.strftime("%d/%m/%Y")},
            field="official_date",
        )
    if not (reason or "").strip():
        raise DomainError(_("Ghi ngày văn bản trước ngày hôm nay cần nêu lý do."), field="reason")
    if not may(actor, Action.KEEP_REGISTERS, organization):
        raise PermissionDenied(
            _("Chỉ cán bộ văn phòng được ghi ngày văn bản trước ngày hôm nay."),
            field="official_date",
        )
    return official_date
