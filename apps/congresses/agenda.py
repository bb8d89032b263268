"""The dated events of congresses for calendars: each opening and each rule's deadline.

The deadlines are the rule evaluation's own (the congress's rule set: day counts, working days,
holidays), and each is named "D-n" with the rule set's n, never a literal.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any, NamedTuple

from django.core.cache import cache
from django.db.models import QuerySet
from django.utils.translation import get_language

from apps.organizations.models import Organization

from .cache import TTL_SECONDS
from .deadlines import RuleCode, RuleParams, Status
from .facts import Evaluated, evaluate_rows, params_by_term
from .models import Congress
from .rule_wording import rule_label
from .selectors import congresses_visible_to, dashboard_key

OPENING = "opening"
DEADLINE = "deadline"


class AgendaItem(NamedTuple):
    """One dated event of one congress: its opening, or the deadline of one of its rules."""

    day: dt.date
    kind: str  # OPENING or DEADLINE
    congress_pk: int
    org_name: str
    code: str  # the rule's code for a deadline, "" for the opening
    short: str  # "D-30" for a deadline, "" for the opening
    label: str  # what the rule asks, in words
    status: str  # the rule's status today ("" for the opening)


def days_before_opening(code: RuleCode, params: RuleParams) -> int | None:
    """The rule set's count for a rule whose deadline is counted back from the opening."""
    return {
        RuleCode.R30: params.r30_days,
        RuleCode.R20: params.r20_days,
        RuleCode.ANNOUNCE: params.announcement_working_days,
    }.get(code)


def items_of(evaluated: Iterable[Evaluated]) -> list[AgendaItem]:
    """The opening and the rule deadlines of evaluated congresses (rows or instances)."""
    items = []
    for e in evaluated:
        c = e.congress
        org_name = getattr(c, "org_name", None) or c.organization.name
        items.append(AgendaItem(c.opening_date, OPENING, c.pk, org_name, "", "", "", ""))
        for code, result in e.evaluation.rules.items():
            n = days_before_opening(code, e.params)
            if n is None or result.deadline is None or result.status == Status.NOT_APPLICABLE:
                continue
            items.append(
                AgendaItem(
                    result.deadline,
                    DEADLINE,
                    c.pk,
                    org_name,
                    str(code),
                    f"D-{n}",
                    rule_label(code, e.params),
                    str(result.status),
                )
            )
    return items


def longest_lead() -> dt.timedelta:
    """How far before its opening a congress's earliest deadline can fall, over every rule
    set: the calendar reads congresses opening up to this long after the month it shows.
    Working days are counted generously (two calendar days each, for weekends and holidays)."""
    leads = [
        max(p.r30_days, p.r20_days, p.announcement_working_days if p.announcement_enabled else 0)
        * (2 if p.working_days or p.announcement_enabled else 1)
        for p in params_by_term().values()
    ]
    return dt.timedelta(days=max(leads, default=0) + 1)


def month_agenda(
    *, user: Any, root: Organization, first: dt.date, last: dt.date, today: dt.date
) -> dict[dt.date, list[AgendaItem]]:
    """The events of a subtree's congresses that fall between `first` and `last`, by day:
    the congresses read are those opening in the month or soon enough after it for one of
    their deadlines to fall inside it; all evaluated in one pass (three queries)."""
    scope: QuerySet[Congress] = congresses_visible_to(user=user).filter(
        organization__path__startswith=root.path,
        opening_date__range=(first, last + longest_lead()),
    )
    by_day: dict[dt.date, list[AgendaItem]] = {}
    for item in items_of(evaluate_rows(scope.order_by("opening_date"), today=today)):
        if first <= item.day <= last:
            by_day.setdefault(item.day, []).append(item)
    for items in by_day.values():
        items.sort(key=lambda i: (i.kind != OPENING, i.org_name, i.code))
    return by_day


class MonthWindow(NamedTuple):
    """What the month grid shows: each day's first events and how many more it has."""

    shown: dict[dt.date, list[AgendaItem]]
    more: dict[dt.date, int]


def month_window(
    *, user: Any, root: Organization, first: dt.date, last: dt.date, today: dt.date, limit: int
) -> MonthWindow:
    """The month's first `limit` events of each day, from the cache (computed with every day's
    whole list on a miss, see _month_cached)."""
    return _month_cached(user=user, root=root, first=first, last=last, today=today, limit=limit)[0]


def day_events(
    *, user: Any, root: Organization, first: dt.date, last: dt.date, day: dt.date, today: dt.date
) -> list[AgendaItem]:
    """Every event of one day of the month, from the cache."""
    key = _key("calday", day, user, root, today)
    events = cache.get(key)
    if events is None:
        events = _month_cached(user=user, root=root, first=first, last=last, today=today)[1].get(
            day, []
        )
    return events


def _key(kind: str, when: dt.date, user: Any, root: Organization, today: dt.date) -> str:
    """The dashboard's key (the facts' version, the subtree, the day, what the user may see)
    plus the month or day and the language (the rules' words)."""
    rows_key = dashboard_key(user=user, root=root, term=None, today=today)
    return f"{kind}:{when.isoformat()}:{get_language()}:{rows_key}"


def _month_cached(
    *,
    user: Any,
    root: Organization,
    first: dt.date,
    last: dt.date,
    today: dt.date,
    limit: int | None = None,
) -> tuple[MonthWindow, dict[dt.date, list[AgendaItem]]]:
    """The root's month evaluates some 4,000 congresses: once, then the grid (small: a few
    events a day) and each day's list are kept apart, so a visit reads back only what it shows
    (the whole month, unpickled on every visit, cost more than the page)."""
    key = _key(f"calgrid{limit}", first, user, root, today)
    window = cache.get(key) if limit is not None else None
    if window is not None:
        return window, {}
    by_day = month_agenda(user=user, root=root, first=first, last=last, today=today)
    cut = limit if limit is not None else 0
    window = MonthWindow(
        shown={d: items[:cut] for d, items in by_day.items()},
        more={d: max(0, len(items) - cut) for d, items in by_day.items()},
    )
    # Every day of the month, empty ones too: asking for a quiet day must not recompute.
    days = (first + dt.timedelta(days=n) for n in range((last - first).days + 1))
    entries: dict[str, object] = {
        _key("calday", d, user, root, today): by_day.get(d, []) for d in days
    }
    if limit is not None:
        entries[key] = window
    cache.set_many(entries, TTL_SECONDS)
    return window, by_day
