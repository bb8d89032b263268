"""The dated events of congresses for calendars: each opening and each rule's deadline.

The deadlines are the rule evaluation's own (the congress's rule set: day counts, working days,
holidays), and each is named "D-n" with the rule set's n, never a literal.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any, NamedTuple

from django.db.models import QuerySet

from apps.organizations.models import Organization

from .deadlines import RuleCode, RuleParams, Status
from .facts import Evaluated, evaluate_rows, params_by_term
from .models import Congress
from .rule_wording import rule_label
from .selectors import congresses_visible_to

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
