"""Membership counts (official and probationary members as of a date): set by hand or by the
organisation import, checked the same way either way; history through django-simple-history."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.db import transaction
from django.db.models import OuterRef, Subquery
from django.utils.translation import gettext as _

from apps.audit.services import audit_record
from apps.core.dates import local_today
from apps.core.errors import DomainError, PermissionDenied

from .models import MembershipCount, Organization
from .permissions import Action, may


def may_edit_counts(user: Any, organization: Organization) -> bool:
    """The organisation's leaders, or an office keeping its registers (its own or above)."""
    return may(user, Action.LEAD, organization) or may(user, Action.KEEP_REGISTERS, organization)


def check_count(*, as_of: dt.date, official: int, probationary: int, today: dt.date) -> None:
    """The checks a count passes however it arrives (form, API, import)."""
    if as_of > today:
        raise DomainError(_("Ngày số liệu không được sau ngày hôm nay."), field="as_of")
    if official < 0 or probationary < 0:
        raise DomainError(_("Số đảng viên không được âm."), field="official")


@transaction.atomic
def membership_count_set(
    *,
    actor: Any,
    organization: Organization,
    as_of: dt.date,
    official: int,
    probationary: int = 0,
    today: dt.date | None = None,
    checked_by_import: bool = False,
) -> MembershipCount:
    """Record (or correct) the organisation's members as of a date; history keeps the old.
    The organisation import has already checked the importer's scope for every row
    (`checked_by_import`): a new organisation has no roles yet to ask."""
    today = today or local_today()
    if actor is not None and not checked_by_import and not may_edit_counts(actor, organization):
        raise PermissionDenied(_("Bạn không có quyền cập nhật số đảng viên của tổ chức này."))
    check_count(as_of=as_of, official=official, probationary=probationary, today=today)
    count, created = MembershipCount.objects.select_for_update().get_or_create(
        organization=organization,
        as_of=as_of,
        defaults={"official": official, "probationary": probationary, "updated_by": actor},
    )
    before = (count.official, count.probationary)
    if not created and before == (official, probationary):
        return count  # the same figure again: no new history, no audit row
    if not created:
        count.official, count.probationary, count.updated_by = official, probationary, actor
        count.save(update_fields=["official", "probationary", "updated_by", "updated_at"])
    audit_record(
        actor=actor,
        verb="membership_count.set",
        target=count,
        organization=organization,
        as_of=as_of,
        official=official,
        probationary=probationary,
        before=None if created else list(before),
    )
    return count


def latest_counts(organizations: Sequence[Organization | int], on: dt.date) -> dict[int, int]:
    """Official members of each organisation in its latest count on or before `on` (one query)."""
    ids = [o if isinstance(o, int) else o.pk for o in organizations]
    latest = MembershipCount.objects.filter(
        organization=OuterRef("organization"), as_of__lte=on
    ).order_by("-as_of")
    rows = MembershipCount.objects.filter(
        organization_id__in=ids, pk=Subquery(latest.values("pk")[:1])
    ).values_list("organization_id", "official")
    return dict(rows)
