"""Local dates. Every rule reads dates in Asia/Ho_Chi_Minh (docs/domain.md §6.2)."""

import datetime as dt

from django.utils import timezone


def local_today() -> dt.date:
    """Today's local date: the one place the edge of the system asks the clock."""
    return timezone.localdate()


def local_date(moment: dt.datetime) -> dt.date:
    """The local calendar date of an aware moment: 01/06 00:30 in Hà Nội is 31/05 17:30 UTC."""
    return timezone.localtime(moment).date()
