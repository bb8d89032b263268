"""Reads of congresses, always filtered by what the user may see, in constant queries."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from typing import Any, NamedTuple

from django.core.cache import cache
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from apps.organizations.audiences import Audience, audience_memberships
from apps.organizations.models import Organization
from apps.organizations.permissions import Action, restrict, scope_for

from .cache import TTL_SECONDS, facts_version
from .deadlines import RuleCode, Status
from .facts import evaluate_congress, evaluate_rows, with_rule_context
from .handoffs import decision_recipients
from .models import OPEN_OR_LATER, Congress, CongressStatus, Decision, SuperiorReport, Term


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
    if not scope.is_superuser and scope.holdings:
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


DASH_ROW_SHAPE = 2  # in the cache key: rows cached in an older shape are never unpickled


class DashRow(NamedTuple):
    """One congress on a dashboard: what the table shows, small enough to cache by thousands.
    A tuple: 13,293 of them are built and pickled on a root dashboard's cache miss, and a
    frozen dataclass builds four times slower and pickles as a dict per row."""

    pk: int
    org_name: str
    org_path: str
    opening_date: dt.date
    is_pilot: bool
    status: str
    worst: str
    r30: str
    r20: str
    ra: str

    @property
    def status_label(self) -> str:
        return str(CongressStatus(self.status).label)


@dataclass
class Dashboard:
    root: Organization
    term: Term | None
    rows: list[DashRow]
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


def dashboard_key(*, user: Any, root: Organization, term: Term | None, today: dt.date) -> str:
    """Everything a dashboard's rows depend on: the facts (their version), the subtree, the
    term, the day (statuses move with the calendar) and what the user may see."""
    return "dash{shape}:{v}:{root}:{term}:{day}:{scope}".format(
        shape=DASH_ROW_SHAPE,
        v=facts_version(),
        root=root.pk,
        term=term.pk if term else "-",
        day=today.isoformat(),
        scope=scope_for(user).signature(),
    )


def dashboard_rows(*, key: str, user: Any, root: Organization, term: Term | None, today: dt.date):
    """Every visible congress below `root` (not its own) for the term, evaluated once and
    cached until a fact changes (apps.congresses.cache). Cached as plain tuples, which pickle
    natively: as DashRows each of 13,293 rows pickled as a call to rebuild it."""
    cached = cache.get(key)
    if cached is None:
        qs = congresses_visible_to(user=user).filter(
            organization__path__startswith=root.path, organization__depth__gt=root.depth
        )
        if term is not None:
            qs = qs.filter(term=term)
        lights: dict[int, tuple[str, str, str, str]] = {}  # per shared Evaluation, by id
        cached = []
        for e in evaluate_rows(qs.order_by(), today=today):
            light = lights.get(id(e.evaluation))
            if light is None:
                rules = e.evaluation.rules
                light = lights[id(e.evaluation)] = (
                    str(e.evaluation.worst),
                    str(rules[RuleCode.R30].status),
                    str(rules[RuleCode.R20].status),
                    str(rules[RuleCode.RA].status),
                )
            c = e.congress
            cached.append(
                (c.pk, c.org_name, c.org_path, c.opening_date, c.is_pilot, c.status, *light)
            )
        cache.set(key, cached, TTL_SECONDS)
    return list(map(DashRow._make, cached))


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
    are derived, so filtering by traffic light happens after the one evaluation pass."""
    key = key or dashboard_key(user=user, root=root, term=term, today=today)
    everything = dashboard_rows(key=key, user=user, root=root, term=term, today=today)
    by_light = Counter(r.worst for r in everything)
    by_status = Counter(r.status for r in everything)
    rows = everything
    if light:
        rows = [r for r in rows if r.worst == light]
    if status:
        rows = [r for r in rows if r.status == status]
    if pilot in ("1", "0"):
        rows = [r for r in rows if r.is_pilot == (pilot == "1")]
    keys = {
        "opening_date": lambda r: (r.opening_date, r.org_path),
        "organization": lambda r: r.org_path,
        "light": lambda r: (LIGHT_ORDER.index(r.worst), r.opening_date),
        "pilot": lambda r: (not r.is_pilot, r.opening_date),
    }
    reverse = sort.startswith("-")
    rows = sorted(rows, key=keys.get(sort.lstrip("-"), keys["opening_date"]), reverse=reverse)
    return Dashboard(root, term, rows, len(everything), by_light, by_status)


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
