"""Reads of congresses, always filtered by what the user may see, in constant queries."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from operator import itemgetter
from typing import Any, NamedTuple, overload

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from apps.core import tree_versions
from apps.organizations.audiences import Audience, audience_memberships
from apps.organizations.models import Organization
from apps.organizations.permissions import Action, restrict, scope_for

from . import dashboard_pages
from .deadlines import LIGHT_ORDER
from .facts import evaluate_congress, with_rule_context
from .handoffs import decision_recipients
from .models import OPEN_OR_LATER, Congress, CongressStatus, Decision, SuperiorReport, Term
from .rollups import DASH_ROW_SHAPE, ORG_PATH, DashRow, rows_below


def congresses_visible_to(*, user: Any) -> QuerySet[Congress]:
    return restrict(Congress.objects.all(), user, Action.VIEW, via="organization")


def visible_congress(*, user: Any, pk: int) -> Congress | None:
    return with_rule_context(congresses_visible_to(user=user)).filter(pk=pk).first()


def current_term(*, today: dt.date, terms: list[Term] | None = None) -> Term | None:
    """The term whose years contain today, else the newest one (of `terms` when the caller
    already read them)."""
    if terms is None:
        terms = list(Term.objects.select_related("rule_set"))
    for term in terms:
        if term.start_year <= today.year < term.end_year:
            return term
    return terms[0] if terms else None


def committee_term(*, organization: Organization, day: dt.date) -> Term | None:
    """The term of the committee in office at `organization` on `day` (HD 36-HD/VPTW numbers
    documents from 01 within it): the term of its latest congress opened by then; before any
    congress is recorded, the term whose years contain the day."""
    latest = (
        Congress.objects.filter(
            organization=organization, opening_date__lte=day, status__in=OPEN_OR_LATER
        )
        .select_related("term")
        .order_by("-opening_date")
        .first()
    )
    return latest.term if latest else current_term(today=day)


PREPARED = (CongressStatus.CLOSED, CongressStatus.RATIFIED, CongressStatus.FOLLOWUP_DONE)


def preparing_term(*, user: Any, today: dt.date, terms: list[Term]) -> Term | None:
    """The term a person works in: that of the congress they are preparing (of an organisation
    they lead or belong to, not yet held; the next to open, else the latest), else the current
    one. One query, whatever the number of their roles."""
    scope = scope_for(user, today=today)
    if not scope.administrator and scope.holdings:
        own = Q(organization__memberships__user=user) | scope.q(Action.LEAD, "organization__")
        rows = list(
            Congress.objects.filter(own)
            .exclude(status__in=PREPARED)
            .values_list("term_id", "opening_date")
            .distinct()
        )
        upcoming = sorted((day, term_id) for term_id, day in rows if day >= today)
        past = sorted((day, term_id) for term_id, day in rows if day < today)
        chosen = upcoming[0] if upcoming else past[-1] if past else None
        if chosen:
            term = next((t for t in terms if t.pk == chosen[1]), None)
            if term:
                return term
    return current_term(today=today, terms=terms)


@dataclass
class Dashboard:
    root: Organization
    term: Term | None
    rows: Sequence[DashRow]
    total: int
    by_light: Counter
    by_status: Counter


def dashboard_key(*, user: Any, root: Organization, term: Term | None, today: dt.date) -> str:
    """Everything a dashboard's rows depend on: the facts of the subtree (its version, which
    only a change below `root` renews, and the version of everything), the term, the day
    (statuses move with the calendar) and what the user may see."""
    tokens = tree_versions.current([tree_versions.EVERYTHING, tree_versions.subtree(root.path)])
    return "dash{shape}:{everything}.{version}:{root}:{term}:{day}:{scope}".format(
        shape=DASH_ROW_SHAPE,
        everything=tokens[tree_versions.EVERYTHING],
        version=tokens[tree_versions.subtree(root.path)],
        root=root.pk,
        term=term.pk if term else "-",
        day=today.isoformat(),
        scope=scope_for(user).signature(),
    )


def dashboard_rows(*, user: Any, root: Organization, term: Term | None, today: dt.date):
    """Every congress below `root` (not its own) that the user may see, for the term, as plain
    DashRow tuples: the roll-up shared by everyone (apps.congresses.rollups), filtered by the
    user's scope unless it covers the whole subtree."""
    rows = rows_below(root, term_id=term.pk if term else None, today=today)
    scope = scope_for(user)
    if scope.allows_subtree(Action.VIEW, root):
        return rows
    return [r for r in rows if scope.allows_path(Action.VIEW, r[ORG_PATH])]


class DashRows(Sequence[DashRow]):
    """The table's rows, kept as the cached plain tuples and made DashRows only when read:
    a page shows 50 of the root's 13,293."""

    def __init__(self, rows: list[tuple]) -> None:
        self._rows = rows

    def __len__(self) -> int:
        return len(self._rows)

    @overload
    def __getitem__(self, index: int) -> DashRow: ...

    @overload
    def __getitem__(self, index: slice) -> list[DashRow]: ...

    def __getitem__(self, index: int | slice) -> DashRow | list[DashRow]:
        if isinstance(index, slice):
            return list(map(DashRow._make, self._rows[index]))
        return DashRow._make(self._rows[index])


_FIELD = {name: i for i, name in enumerate(DashRow._fields)}  # the plain tuples' columns
_WORST, _STATUS, _PILOT = _FIELD["worst"], _FIELD["status"], _FIELD["is_pilot"]
_OPENING, _PK = _FIELD["opening_date"], _FIELD["pk"]
_LIGHT_RANK = {str(light): rank for rank, light in enumerate(LIGHT_ORDER)}
# Total orders (ties broken by the organisation's path, then the congress): a page stored by
# dashboard_pages and a page sorted from every row agree, and a descending order is the exact
# reverse of its ascending one.
_SORT_KEYS: dict[str, Callable[[tuple], Any]] = {
    "opening_date": itemgetter(_OPENING, ORG_PATH, _PK),
    "organization": itemgetter(ORG_PATH, _OPENING, _PK),
    "light": lambda r: (_LIGHT_RANK[r[_WORST]], r[_OPENING], r[ORG_PATH], r[_PK]),
    "pilot": lambda r: (not r[_PILOT], r[_OPENING], r[ORG_PATH], r[_PK]),
}


def _in_every_order(rows: list[tuple]) -> dict[str, list[tuple]]:
    """The rows in each order of _SORT_KEYS. Light and pilot are sorted by their first key
    alone from the opening order: the sort is stable, so ties keep the opening order, the same
    order as their whole key, for less work."""
    by_opening = sorted(rows, key=_SORT_KEYS["opening_date"])
    return {
        "opening_date": by_opening,
        "organization": sorted(rows, key=_SORT_KEYS["organization"]),
        "light": sorted(by_opening, key=lambda r: _LIGHT_RANK[r[_WORST]]),
        "pilot": sorted(by_opening, key=lambda r: not r[_PILOT]),
    }


def _table(
    rows: list[tuple], *, light: str, status: str, pilot: str, order: str, descending: bool
) -> list[tuple]:
    """The table's rows: filtered, then sorted."""
    if light:
        rows = [r for r in rows if r[_WORST] == light]
    if status:
        rows = [r for r in rows if r[_STATUS] == status]
    if pilot in ("1", "0"):
        rows = [r for r in rows if r[_PILOT] == (pilot == "1")]
    return sorted(rows, key=_SORT_KEYS[order], reverse=descending)


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
    key: str | None = None,
) -> Dashboard:
    """Counts over the whole subtree; filters and sorting apply to the table rows. The statuses
    are derived, so filtering by traffic light happens after the one evaluation pass.

    Unfiltered, the first request under a dashboard's `key` (dashboard_key: a change below
    `root` makes a new one) stores the counts and the first pages of every order
    (apps.congresses.dashboard_pages); the next pages and orders asked for read only those."""
    descending = sort.startswith("-")
    order = sort.lstrip("-") if sort.lstrip("-") in _SORT_KEYS else "opening_date"
    plain = not (light or status or pilot in ("1", "0"))
    key = key or dashboard_key(user=user, root=root, term=term, today=today)

    def every_row() -> list[tuple]:
        return dashboard_rows(user=user, root=root, term=term, today=today)

    if plain and not descending:
        counts = dashboard_pages.stored_counts(key)
        if counts is not None:
            by_light, by_status = dashboard_pages.counters(counts)
            rows = dashboard_pages.StoredRows(
                key,
                order,
                counts.total,
                lambda: sorted(every_row(), key=_SORT_KEYS[order]),
            )
            return Dashboard(root, term, rows, counts.total, by_light, by_status)
    everything = every_row()
    by_light = Counter(map(itemgetter(_WORST), everything))
    by_status = Counter(map(itemgetter(_STATUS), everything))
    if plain:
        orders = _in_every_order(everything)
        counts = dashboard_pages.Counts(len(everything), dict(by_light), dict(by_status))
        dashboard_pages.store(key, counts, orders)
        table = orders[order][::-1] if descending else orders[order]
    else:
        table = _table(
            everything, light=light, status=status, pilot=pilot, order=order, descending=descending
        )
    return Dashboard(root, term, DashRows(table), len(everything), by_light, by_status)


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


class NotifiedPerson(NamedTuple):
    name: str
    roles: str  # "Bí thư", "Cán bộ văn phòng"…, or why they are told


class ReportedRound(NamedTuple):
    round: Any  # documents.DraftRound, with its document
    circulated_on: list[dt.date]  # the official dates of its circulations, oldest first


def decision_brief(*, report: SuperiorReport, today: dt.date) -> dict[str, Any]:
    """What the superior sees before deciding on a report (RA): the congress's rules today, the
    personnel plan and the rounds the report carries (each with its own circulation dates), the
    earlier reports, and who the decision will notify (handoffs.decision_recipients)."""
    congress = report.congress
    evaluation = evaluate_congress(congress, today=today).evaluation
    rounds = [
        ReportedRound(r, sorted(c.official_date for c in r.circulations.all()))
        for r in report.rounds.select_related("document").prefetch_related("circulations")
    ]
    rounds.sort(key=lambda row: row.round.document.kind)
    told = decision_recipients(congress, on=today) | {report.submitted_by_id}
    roles: dict[int, list[str]] = {}
    names: dict[int, str] = {}
    for m in audience_memberships(
        Audience.ANSWERING, on=today, organizations=[congress.organization_id]
    ).select_related("user"):
        roles.setdefault(m.user_id, []).append(m.get_role_display())
        names[m.user_id] = m.user.display_name
    if report.submitted_by_id not in names:
        names[report.submitted_by_id] = report.submitted_by.display_name
        roles[report.submitted_by_id] = [_("người gửi báo cáo")]
    notified = sorted(
        (NotifiedPerson(names[uid], ", ".join(roles[uid])) for uid in told),
        key=lambda p: p.name,
    )
    earlier = list(
        congress.superior_reports.exclude(pk=report.pk)
        .select_related("decided_by")
        .order_by("submitted_at")
    )
    return {
        "evaluation": evaluation,
        "plan": report.plan,
        "rounds": rounds,
        "notified": notified,
        "earlier_reports": earlier,
    }
