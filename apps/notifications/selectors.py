"""Reads of a person's notices: what the inbox lists and what the header counts."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from .models import Notification


def notices_of(*, user: Any, include_resolved: bool = False) -> QuerySet[Notification]:
    """The user's notices, newest first; those whose action is done only when asked for."""
    qs = Notification.objects.filter(recipient=user)
    return qs if include_resolved else qs.filter(resolved_at__isnull=True)


def unread_count(*, user: Any) -> int:
    """Unread notices still asking for something (or telling something): the header's badge."""
    return notices_of(user=user).filter(read_at__isnull=True).count()
