"""Reading the facts the rules need, for one congress or thirteen thousand, in a fixed number of
grouped queries (never one per congress). The rules themselves are in deadlines.py."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import Any, NamedTuple

from django.db.models import Min, QuerySet
from django.utils.translation import get_language

from apps.core.memory import collector_paused
from apps.core.request_memo import once_per_request
from apps.documents.models import Circulation
from apps.organizations.models import Organization

from .deadlines import CongressFacts, Evaluation, RuleParams, evaluate, explaining_in
from .models import Congress, Decision, LessonsMeeting, RuleSet, SuperiorReport, Term


def params_for(rule_set: RuleSet) -> RuleParams:
    """The rule set row as the pure module's parameters."""
    return RuleParams(
        r30_days=rule_set.r30_days,
        r20_days=rule_set.r20_days,
        working_days=rule_set.working_days,
        holidays=frozenset(dt.date.fromisoformat(d) for d in rule_set.holidays or ()),
        due_soon_days=rule_set.due_soon_days,
        reminder_offsets=tuple(sorted(rule_set.reminder_offsets or (), reverse=True)),
        announcement_enabled=rule_set.announcement_enabled,
        announcement_working_days=rule_set.announcement_working_days,
        required_kinds=tuple(rule_set.required_document_kinds or ()),
    )


class CongressRow(NamedTuple):
    """A congress as the rules and the bulk readers (sweep, whole-tree status, dashboards) need
    it, read as a plain row: building 13,000 model instances with their organisations costs
    about a second here, the same rows as tuples a few milliseconds."""

    pk: int
    organization_id: int
    term_id: int
    ordinal: str
    opening_date: dt.date
    is_pilot: bool
    announced_on: dt.date | None
    status: str
    org_code: str
    org_name: str
    org_path: str
    org_numchild: int


ROW_FIELDS = (
    "id",
    "organization_id",
    "term_id",
    "ordinal",
    "opening_date",
    "is_pilot",
    "announced_on",
    "status",
    "organization__code",
    "organization__name",
    "organization__path",
    "organization__numchild",
)


def row_of(c: Congress) -> CongressRow:
    o = c.organization
    return CongressRow(
        c.pk,
        c.organization_id,
        c.term_id,
        c.ordinal,
        c.opening_date,
        c.is_pilot,
        c.announced_on,
        c.status,
        o.code,
        o.name,
        o.path,
        o.numchild,
    )


class Evaluated(NamedTuple):
    """A congress with its facts, parameters and evaluation: what pages, tasks and PDFs show.

    `congress` is the model instance for evaluate_all() and a CongressRow for evaluate_rows().
    A tuple because the bulk paths make 13,000 of them (a frozen dataclass builds 4× slower)."""

    congress: Any
    facts: CongressFacts
    params: RuleParams
    evaluation: Evaluation


CONGRESS_FIELDS = (
    "id",
    "organization_id",
    "term_id",
    "ordinal",
    "kind",
    "opening_date",
    "days",
    "place",
    "delegate_count",
    "is_pilot",
    "status",
    "announced_on",
    "organization__id",
    "organization__code",
    "organization__name",
    "organization__short_name",
    "organization__kind",
    "organization__path",
    "organization__depth",
    "organization__numchild",
)


def params_by_term() -> dict[int, RuleParams]:
    """The parameters of every term's rule set: a handful of rows, read once per evaluation
    (once per request on pages; a change to a term or rule set forgets them, see cache.py)."""
    return once_per_request(
        "params_by_term",
        lambda: {
            term.pk: params_for(term.rule_set) for term in Term.objects.select_related("rule_set")
        },
    )


def _grouped_facts(
    rows: Sequence[CongressRow], scope: QuerySet[Congress] | None
) -> tuple[list[tuple[CongressFacts, int]], list[int]]:
    """The distinct (facts, term id) among the rows, and for each row the index of its own.

    `scope`, the queryset the rows came from, lets the fact queries join it on the server
    instead of shipping thousands of ids back (a semi-join PostgreSQL hashes; a long id list
    costs more to send and to match than the facts themselves). The groups are formed on plain
    tuples, which hash in C: the national set's 13,294 congresses hold about 3,500 distinct
    sets of facts, and only those become CongressFacts.

    Circulations count for R30 only when they reached a subordinate organisation; R20 and RA
    read the latest report, and a returned one leaves R20 open.
    """
    if not rows:
        return [], []
    ids = scope.values("pk") if scope is not None else [r.pk for r in rows]

    circulated: dict[int, list[tuple[str, dt.date]]] = defaultdict(list)
    for congress_id, kind, first in (
        Circulation.objects.filter(to_subordinates=True, round__document__congress_id__in=ids)
        .values_list("round__document__congress_id", "round__document__kind")
        .annotate(first=Min("official_date"))
        .values_list("round__document__congress_id", "round__document__kind", "first")
        .order_by("round__document__congress_id", "round__document__kind")
    ):
        circulated[congress_id].append((kind, first))
    circulated_key = {pk: tuple(firsts) for pk, firsts in circulated.items()}

    latest: dict[int, tuple[dt.date, str, dt.date | None]] = {}
    for congress_id, official, decision, decided in (
        SuperiorReport.objects.filter(congress_id__in=ids)
        .order_by("congress_id", "-submitted_at", "-id")
        .values_list("congress_id", "official_date", "decision", "decided_on")
    ):
        latest.setdefault(congress_id, (official, decision, decided))

    steplen = Organization.steplen
    meetings = {
        (path, term_id): held
        for path, term_id, held in LessonsMeeting.objects.filter(
            organization__path__in={r.org_path[:-steplen] for r in rows}
        ).values_list("organization__path", "term_id", "held_on")
    }

    group_of: dict[tuple, int] = {}
    index: list[int] = []
    no_meeting = (False, None)
    for r in rows:
        parent_key = (r.org_path[:-steplen], r.term_id)
        meeting = (True, meetings[parent_key]) if parent_key in meetings else no_meeting
        key = (
            r.term_id,
            r.opening_date,
            r.org_numchild > 0,
            circulated_key.get(r.pk, ()),
            latest.get(r.pk),
            r.is_pilot,
            meeting,
            r.announced_on,
        )
        group = group_of.get(key)
        if group is None:
            group = group_of[key] = len(group_of)
        index.append(group)
    return [(_facts_of(key), key[0]) for key in group_of], index


def _facts_of(key: tuple) -> CongressFacts:
    _term, opening, has_subordinates, circulated, report, is_pilot, meeting, announced = key
    decision = report[1] if report else None
    return CongressFacts(
        opening_date=opening,
        has_subordinates=has_subordinates,
        circulated_on=dict(circulated),
        reported_on=report[0] if report and decision != Decision.RETURNED else None,
        decision=decision,
        decided_on=report[2] if report else None,
        is_pilot=is_pilot,
        pilots_chosen=meeting[0],
        lessons_held_on=meeting[1],
        announced_on=announced,
    )


def with_rule_context(queryset: QuerySet[Congress]) -> QuerySet[Congress]:
    """What _grouped_facts() and the pages need in the same row: the congress, its organisation and
    its term (the rule sets come separately, once, not repeated on 13,000 rows)."""
    return queryset.select_related("organization", "term").only(
        *CONGRESS_FIELDS, "term__code", "term__start_year", "term__end_year", "term__rule_set_id"
    )


class Shared(NamedTuple):
    """Rows with their evaluations shared: `index[i]` is the entry of `evaluations` that row i
    has. Equal facts under the same term get one entry, evaluated once: the rules are pure, so
    an equal input gives an equal answer (nobody mutates an Evaluation). The national set's
    13,294 congresses hold about 3,500 entries."""

    rows: Sequence[CongressRow]
    evaluations: list[tuple[CongressFacts, RuleParams, Evaluation]]
    index: list[int]


def _shared(rows: Sequence[CongressRow], today: dt.date, scope=None) -> Shared:
    groups, index = _grouped_facts(rows, scope)
    params = params_by_term()
    with explaining_in(get_language()):
        evaluations = [
            (facts, params[term_id], evaluate(facts, params[term_id], today))
            for facts, term_id in groups
        ]
    return Shared(rows, evaluations, index)


def _evaluated(
    subjects: Sequence, rows: Sequence[CongressRow], today: dt.date, scope=None
) -> list[Evaluated]:
    """One Evaluated per subject, in the order of `rows`."""
    shared = _shared(rows, today, scope)
    return [
        Evaluated(subject, *shared.evaluations[g])
        for subject, g in zip(subjects, shared.index, strict=True)
    ]


def evaluate_all(congresses: Iterable[Congress], *, today: dt.date) -> list[Evaluated]:
    """Evaluate congress model instances (a page's worth) at once: five queries, one Term object
    per term (not per row), and the reasons worded in the current language looked up once."""
    congresses = list(congresses)
    term_field = Congress._meta.get_field("term")
    if not all(term_field.is_cached(c) for c in congresses):
        terms = {t.pk: t for t in Term.objects.all()}
        for c in congresses:
            c.term = terms[c.term_id]  # fills the relation cache: str(congress) costs no query
    return _evaluated(congresses, [row_of(c) for c in congresses], today)


def evaluate_rows(queryset: QuerySet[Congress], *, today: dt.date) -> list[Evaluated]:
    """Evaluate every congress of a queryset read as CongressRow tuples: the bulk path (the
    sweep, the whole-tree status, dashboards), four queries plus the read itself. The rows
    keep the queryset's order (`.order_by()` when none is wanted: sorting costs)."""
    with collector_paused():
        rows = _rows(queryset)
        return _evaluated(rows, rows, today, scope=queryset)


def evaluate_shared(queryset: QuerySet[Congress], *, today: dt.date) -> Shared:
    """As evaluate_rows(), without one Evaluated per row: for a caller (the sweep) that works
    once per distinct evaluation and then only on the rows that need it."""
    with collector_paused():
        return _shared(_rows(queryset), today, scope=queryset)


def _rows(queryset: QuerySet[Congress]) -> list[CongressRow]:
    return [CongressRow._make(values) for values in queryset.values_list(*ROW_FIELDS)]


def evaluate_congress(congress: Congress, *, today: dt.date) -> Evaluated:
    """One congress; reloads the rule context so a stale instance never decides a rule."""
    fresh = with_rule_context(Congress.objects.filter(pk=congress.pk)).get()
    return evaluate_all([fresh], today=today)[0]
