"""The private calendar feed (ICS): who a feed address belongs to, and the feed itself.

Calendar apps cannot sign in, so the address carries a signed token naming the user, the
subtree and when it was issued; the user's rights still apply at every fetch. A token expires
ICS_TOKEN_MAX_AGE_DAYS after it was issued, and its owner can rotate: every token issued before
``User.calendar_feeds_valid_from`` stops working (a leaked address is cut off at once).

The feed is written by the icalendar library: RFC 5545 text escaping (a carriage return in a
place name becomes an escaped line break, never a new property or event) and line folding at 75
octets; other control characters are dropped.
"""

from __future__ import annotations

import datetime as dt
import re
import time
from collections.abc import Callable, Iterable
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.db import transaction
from django.utils import timezone
from icalendar import Calendar, Event

from apps.audit.services import audit_record
from apps.organizations.models import Organization
from apps.organizations.permissions import Action, may

from .agenda import DEADLINE, AgendaItem, items_of
from .facts import evaluate_all
from .models import Congress
from .selectors import congresses_visible_to

ICS_SALT = "congresses.ics"
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def feed_token(user: Any, code: str, *, now: float | None = None) -> str:
    """A private feed address token for one user and one subtree (signed, not stored)."""
    issued = int(now if now is not None else time.time())
    return signing.dumps({"u": user.pk, "o": code, "t": issued}, salt=ICS_SALT, compress=True)


def feed_expires(*, now: dt.datetime | None = None) -> dt.datetime:
    return (now or timezone.now()) + dt.timedelta(days=settings.ICS_TOKEN_MAX_AGE_DAYS)


def feed_owner(token: str, code: str) -> Any | None:
    """The active user a token for `code` was issued to, or None when it is forged, expired,
    for another subtree, or issued before its owner rotated the addresses."""
    try:
        data = signing.loads(
            token, salt=ICS_SALT, max_age=dt.timedelta(days=settings.ICS_TOKEN_MAX_AGE_DAYS)
        )
    except signing.BadSignature:  # SignatureExpired included
        return None
    if (
        not isinstance(data, dict)
        or data.get("o") != code
        or not isinstance(data.get("t"), int)
        or not isinstance(data.get("u"), int)
    ):
        return None
    user = get_user_model().objects.filter(pk=data["u"], is_active=True).first()
    if user is None:
        return None
    valid_from = user.calendar_feeds_valid_from
    if valid_from is not None and data["t"] < int(valid_from.timestamp()):
        return None
    return user


@transaction.atomic
def feeds_rotate(*, user: Any) -> None:
    """Stop every feed address the user was given so far; the calendar page shows a new one."""
    now = timezone.now().replace(microsecond=0)
    get_user_model().objects.filter(pk=user.pk).update(calendar_feeds_valid_from=now)
    user.calendar_feeds_valid_from = now
    audit_record(actor=user, verb="calendar.feeds_rotated", target=user)


def _text(value: str) -> str:
    return _CONTROL.sub("", value or "")


def calendar_ics(
    *,
    name: str,
    congresses: Iterable[Congress],
    url_for: Callable[[Congress], str],
    deadlines: Iterable[AgendaItem] = (),
) -> bytes:
    """The feed: one all-day event per congress, from its opening for its number of days, and
    one per rule deadline of those congresses (as on the month calendar, agenda.py)."""
    cal = Calendar()
    cal.add("prodid", "-//Congress Portal//VI")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", _text(name))
    stamp = timezone.now().astimezone(dt.UTC).replace(microsecond=0)
    by_pk: dict[int, Congress] = {}
    for c in congresses:
        event = Event()
        event.add("uid", f"congress-{c.pk}@congress-portal")
        event.add("dtstamp", stamp)
        event.add("dtstart", c.opening_date)
        event.add("dtend", c.opening_date + dt.timedelta(days=c.days))
        event.add("summary", _text(str(c)))
        event.add("location", _text(c.place))
        event.add("url", url_for(c))
        cal.add_component(event)
        by_pk[c.pk] = c
    for item in deadlines:
        congress = by_pk[item.congress_pk]
        event = Event()
        event.add("uid", f"congress-{item.congress_pk}-{item.code.lower()}@congress-portal")
        event.add("dtstamp", stamp)
        event.add("dtstart", item.day)
        event.add("dtend", item.day + dt.timedelta(days=1))
        event.add("summary", _text(f"{item.short}: {item.label} — {congress}"))
        event.add("url", url_for(congress))
        cal.add_component(event)
    return cal.to_ical()


def subtree_feed(
    *, token: str, code: str, name: str, today: dt.date, url_for: Callable[[Congress], str]
) -> bytes | None:
    """The feed a private address asks for: the congresses of the subtree at `code` that the
    token's owner may see today, each opening and each rule deadline (agenda.items_of). None
    when the address is not good (forged, expired, rotated) or the owner may no longer see it.
    The rights are the owner's, checked at every fetch, not when the address was given."""
    user = feed_owner(token, code)
    if user is None:
        return None
    root = Organization.objects.filter(code=code).first()
    if root is None or not may(user, Action.VIEW, root):
        return None
    congresses = (
        congresses_visible_to(user=user)
        .filter(organization__path__startswith=root.path)
        .select_related("organization", "term")
        .order_by("opening_date")
    )
    evaluated = evaluate_all(congresses, today=today)
    return calendar_ics(
        name=f"{name} — {root.name}",
        congresses=[e.congress for e in evaluated],
        url_for=url_for,
        deadlines=[i for i in items_of(evaluated) if i.kind == DEADLINE],
    )
