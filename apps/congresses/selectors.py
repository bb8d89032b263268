"""Reads of congresses, always filtered by what the user may see, in constant queries."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

from apps.organizations.models import Organization
from apps.organizations.permissions import Action, restrict

from .deadlines import Status
from .facts import Evaluated, evaluate_all, with_rule_context
from .models import Congress, Decision, SuperiorReport, Term


def congresses_visible_to(*, user: Any) -> QuerySet[Congress]:
    return restrict(Congress.objects.all(), user, Action.VIEW, via="organization")


def visible_congress(*, user: Any, pk: int) -> Congress | None:
    return with_rule_context(congresses_visible_to(user=user)).filter(pk=pk).first()


def current_term(*, today: dt.date) -> Term | None:
    """The term whose years contain today, else the newest one."""
    terms = list(Term.objects.select_related("rule_set"))
    for term in terms:
        if term.start_year <= today.year < term.end_year:
            return term
    return terms[0] if terms else None


@dataclass
class Dashboard:
    root: Organization
    term: Term | None
    rows: list[Evaluated]
    total: int
    by_light: Counter
    by_status: Counter


LIGHT_ORDER = [
    Status.OVERDUE,
    Status.RETURNED,
    Status.DONE_LATE,
    Status.DUE_SOON,
    Status.PENDING,
    Status.DONE,
    Status.NOT_APPLICABLE,
]


def subtree_dashboard(
    *,
    user: Any,
    root: Organization,
    term: Term | None,
    today: dt.date,
    light: str = "",
    status: str = "",
    pilot: str = "",
    sort: str = "opening_date",
) -> Dashboard:
    """Every visible congress below `root` (not its own) for the term, evaluated once.

    Counts cover the whole subtree; filters and sorting apply to the table rows. The statuses
    are derived, so filtering by traffic light happens after the one evaluation pass.
    """
    qs = congresses_visible_to(user=user).filter(
        organization__path__startswith=root.path, organization__depth__gt=root.depth
    )
    if term is not None:
        qs = qs.filter(term=term)
    evaluated = evaluate_all(with_rule_context(qs).order_by(), today=today)
    by_light = Counter(e.evaluation.worst for e in evaluated)
    by_status = Counter(e.congress.status for e in evaluated)
    rows = evaluated
    if light:
        rows = [e for e in rows if e.evaluation.worst == light]
    if status:
        rows = [e for e in rows if e.congress.status == status]
    if pilot in ("1", "0"):
        rows = [e for e in rows if e.congress.is_pilot == (pilot == "1")]
    keys = {
        "opening_date": lambda e: (e.congress.opening_date, e.congress.organization.path),
        "organization": lambda e: e.congress.organization.path,
        "light": lambda e: (LIGHT_ORDER.index(e.evaluation.worst), e.congress.opening_date),
        "pilot": lambda e: (not e.congress.is_pilot, e.congress.opening_date),
    }
    reverse = sort.startswith("-")
    rows.sort(key=keys.get(sort.lstrip("-"), keys["opening_date"]), reverse=reverse)
    return Dashboard(root, term, rows, len(evaluated), by_light, by_status)


def reports_awaiting_decision(*, user: Any) -> QuerySet[SuperiorReport]:
    """The superior's inbox: pending reports of organisations the user supervises, oldest first."""
    return (
        restrict(
            SuperiorReport.objects.filter(decision=Decision.PENDING),
            user,
            Action.SUPERVISE,
            via="congress__organization",
        )
        .select_related("congress__organization", "congress__term", "submitted_by")
        .order_by("submitted_at", "id")
    )


def congresses_in_month(
    *, user: Any, root: Organization, first: dt.date, last: dt.date
) -> QuerySet[Congress]:
    return (
        congresses_visible_to(user=user)
        .filter(organization__path__startswith=root.path, opening_date__range=(first, last))
        .select_related("organization", "term")
        .order_by("opening_date", "organization__path")
    )
