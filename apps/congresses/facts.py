"""Reading the facts the rules need, for one congress or thirteen thousand, in a fixed number of
grouped queries (never one per congress). The rules themselves are in deadlines.py."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from typing import Any, NamedTuple

from django.db import connections
from django.db.models import BooleanField, ExpressionWrapper, F, Min, Q, QuerySet, Window
from django.db.models.functions import Left, Length, RowNumber
from django.utils.translation import get_language

from apps.core.memory import collector_paused
from apps.core.request_memo import once_per_request
from apps.core.rows import fetch_rows
from apps.documents.models import Circulation
from apps.organizations.models import Organization

from .deadlines import CongressFacts, Evaluation, RuleParams, evaluate, explaining_in
from .models import (
    Congress,
    Decision,
    DocumentKind,
    LessonsMeeting,
    RuleSet,
    SuperiorReport,
    Term,
)


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
    org_kind: str


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
    "organization__kind",
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
        o.kind,
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


KINDS = tuple(DocumentKind.values)


class CongressRef(NamedTuple):
    """The head of a fact-table row (see _fact_table): which congress, and where it sits."""

    pk: int
    organization_id: int
    org_path: str
    term_id: int


KEY_START = 3  # a fact-table row is CongressRef's fields, the term id being the key's first


_COLUMNS = (  # a fact-table row: (column, a date?); the aliases are _fact_table()'s
    ("c.c_pk", False),
    ("c.c_org", False),
    ("c.c_path", False),
    ("c.c_term", False),  # the fact key starts here (KEY_START)
    ("c.c_opening", True),
    ("c.c_has_sub", False),
    *((f"f.f_{i}", True) for i in range(len(KINDS))),
    ("r.r_official", True),
    ("r.r_decision", False),
    ("r.r_decided", True),
    ("c.c_pilot", False),
    ("m.m_term IS NOT NULL", False),
    ("m.m_held", True),
    ("c.c_announced", True),
)
_DATE_COLUMNS = frozenset(i for i, (_column, is_date) in enumerate(_COLUMNS) if is_date)


def _fact_table(scope: QuerySet[Congress]) -> list[tuple]:
    """Every congress of `scope` with the facts the rules read, in one statement: a row is
    (pk, organization id, organisation path, term id, opening, has subordinates, the first
    circulation to subordinates of each document kind, the latest report's official date,
    decision and decision date, is pilot, pilots chosen above, lessons meeting held on,
    announced on); everything from the term id on is the congress's fact key.

    The parts are ordinary querysets compiled by Django for whichever database runs (the
    PostgreSQL of production, the SQLite of the demo), joined here as derived tables, because
    the ORM cannot LEFT JOIN an aggregate: four separate reads, each sending its rows through
    Django's iterators, cost three times the database's own time at national scale. The rows
    come back as the driver's tuples (SQLite's dates as strings, see _with_dates()).

    Circulations count for R30 only when they reached a subordinate organisation; R20 and RA
    read the latest report (a returned one leaves R20 open, see _facts_of); a lessons meeting
    of the direct superior for the same term means pilots were chosen.
    """
    ids = scope.order_by().values("pk")
    congresses = scope.order_by().values(
        c_pk=F("pk"),
        c_org=F("organization_id"),
        c_path=F("organization__path"),
        c_parent=Left("organization__path", Length("organization__path") - Organization.steplen),
        c_term=F("term_id"),
        c_opening=F("opening_date"),
        c_has_sub=ExpressionWrapper(Q(organization__numchild__gt=0), output_field=BooleanField()),
        c_pilot=F("is_pilot"),
        c_announced=F("announced_on"),
    )
    circulated = (
        Circulation.objects.filter(to_subordinates=True, round__document__congress__in=ids)
        .order_by()
        .values(f_congress=F("round__document__congress_id"))
        .annotate(
            **{
                f"f_{i}": Min("official_date", filter=Q(round__document__kind=kind))
                for i, kind in enumerate(KINDS)
            }
        )
    )
    latest = (
        SuperiorReport.objects.filter(congress__in=ids)
        .order_by()
        .annotate(
            r_rank=Window(
                RowNumber(),
                partition_by=F("congress_id"),
                order_by=[F("submitted_at").desc(), F("id").desc()],
            )
        )
        .filter(r_rank=1)
        .values(
            r_congress=F("congress_id"),
            r_official=F("official_date"),
            r_decision=F("decision"),
            r_decided=F("decided_on"),
        )
    )
    meetings = LessonsMeeting.objects.order_by().values(
        m_path=F("organization__path"), m_term=F("term_id"), m_held=F("held_on")
    )
    compiled = [
        part.query.get_compiler(using=scope.db).as_sql()
        for part in (congresses, circulated, latest, meetings)
    ]
    sql = f"""
        SELECT {", ".join(column for column, _is_date in _COLUMNS)}
        FROM ({compiled[0][0]}) c
        LEFT JOIN ({compiled[1][0]}) f ON f.f_congress = c.c_pk
        LEFT JOIN ({compiled[2][0]}) r ON r.r_congress = c.c_pk
        LEFT JOIN ({compiled[3][0]}) m ON m.m_path = c.c_parent AND m.m_term = c.c_term
    """  # every part is compiled by Django, its parameters kept separate
    connection = connections[scope.db]
    with connection.cursor() as cursor:
        cursor.execute(sql, [p for _sql, params in compiled for p in params])
        table = cursor.fetchall()
    return table if connection.vendor == "postgresql" else _with_dates(table)


def _with_dates(table: list[tuple]) -> list[tuple]:
    """SQLite hands dates to a raw cursor as ISO strings (Django converts them on its own
    reads): the demo's small tables are converted here, PostgreSQL's need nothing."""

    def day(value: Any) -> Any:
        return dt.date.fromisoformat(value) if isinstance(value, str) else value

    return [tuple(day(v) if i in _DATE_COLUMNS else v for i, v in enumerate(row)) for row in table]


def _grouped(table: list[tuple]) -> tuple[list[tuple], list[int]]:
    """The distinct fact keys of a fact table, and for each row the index of its own. The
    national set's 13,294 congresses hold about 3,500 keys; they hash as plain tuples, in C."""
    group_of: dict[tuple, int] = {}
    index = [group_of.setdefault(row[KEY_START:], len(group_of)) for row in table]
    return list(group_of), index


def _facts_of(key: tuple) -> CongressFacts:
    n = len(KINDS)
    _term, opening, has_subordinates = key[:3]
    firsts = key[3 : 3 + n]
    official, decision, decided, is_pilot, chosen, held, announced = key[3 + n :]
    return CongressFacts(
        opening_date=opening,
        has_subordinates=bool(has_subordinates),
        circulated_on={kind: first for kind, first in zip(KINDS, firsts, strict=True) if first},
        reported_on=official if decision != Decision.RETURNED else None,
        decision=decision,
        decided_on=decided,
        is_pilot=bool(is_pilot),
        pilots_chosen=bool(chosen),
        lessons_held_on=held,
        announced_on=announced,
    )


def with_rule_context(queryset: QuerySet[Congress]) -> QuerySet[Congress]:
    """What the pages need in the same row as a congress: its organisation and its term (the
    rule sets come separately, once, not repeated on every row)."""
    return queryset.select_related("organization", "term").only(
        *CONGRESS_FIELDS, "term__code", "term__start_year", "term__end_year", "term__rule_set_id"
    )


class Shared(NamedTuple):
    """A fact table with its evaluations shared: `rows[i]` is a _fact_table() row, starting
    (pk, organization id, organisation path, term id), and `evaluations[index[i]]` is its
    evaluation. Equal facts under the same term get one entry, evaluated once: the rules are
    pure, so an equal input gives an equal answer (nobody mutates an Evaluation). The
    national set's 13,294 congresses hold about 3,500 entries."""

    rows: list[tuple]
    evaluations: list[tuple[CongressFacts, RuleParams, Evaluation] | None]
    group_of_row: list[int]  # rows[i] is evaluated by evaluations[group_of_row[i]]


def _evaluations(
    keys: list[tuple],
    today: dt.date,
    opening_until: Callable[[RuleParams], dt.date] | None = None,
) -> list[tuple[CongressFacts, RuleParams, Evaluation] | None]:
    """One evaluation per key; None for a key opening after `opening_until(its params)`."""
    params = params_by_term()
    until = {term: opening_until(p) for term, p in params.items()} if opening_until else None
    with explaining_in(get_language()):
        return [
            None
            if until is not None and key[1] > until[key[0]]  # key: (term id, opening, …)
            else _evaluation(_facts_of(key), params[key[0]], today)
            for key in keys
        ]


def _evaluation(
    facts: CongressFacts, params: RuleParams, today: dt.date
) -> tuple[CongressFacts, RuleParams, Evaluation]:
    return facts, params, evaluate(facts, params, today)


def _evaluated(
    subjects: Sequence, rows: Sequence[CongressRow], scope: QuerySet[Congress], today: dt.date
) -> list[Evaluated]:
    """One Evaluated per subject, in the order of `rows` (the same congresses as `scope`)."""
    table = _fact_table(scope)
    keys, index = _grouped(table)
    evaluations = _evaluations(keys, today)
    group_of = {row[0]: g for row, g in zip(table, index, strict=True)}
    evaluated = []
    for subject, row in zip(subjects, rows, strict=True):
        entry = evaluations[group_of[row.pk]]
        assert entry is not None  # no opening_until: every key is evaluated
        evaluated.append(Evaluated(subject, *entry))
    return evaluated


def evaluate_all(congresses: Iterable[Congress], *, today: dt.date) -> list[Evaluated]:
    """Evaluate congress model instances (a page's worth) at once: three queries, one Term
    object per term (not per row), and the reasons worded in the current language looked up
    once."""
    congresses = list(congresses)
    if not congresses:
        return []
    term_field = Congress._meta.get_field("term")
    if not all(term_field.is_cached(c) for c in congresses):
        terms = {t.pk: t for t in Term.objects.all()}
        for c in congresses:
            c.term = terms[c.term_id]  # fills the relation cache: str(congress) costs no query
    scope = Congress.objects.filter(pk__in=[c.pk for c in congresses])
    return _evaluated(congresses, [row_of(c) for c in congresses], scope, today)


def evaluate_rows(queryset: QuerySet[Congress], *, today: dt.date) -> list[Evaluated]:
    """Evaluate every congress of a queryset read as CongressRow tuples: the bulk path (the
    whole-tree status, dashboards), three queries. The rows keep the queryset's order
    (`.order_by()` when none is wanted: sorting costs)."""
    with collector_paused():
        rows = congress_rows(queryset)
        return _evaluated(rows, rows, queryset, today)


def evaluate_shared(
    queryset: QuerySet[Congress],
    *,
    today: dt.date,
    opening_until: Callable[[RuleParams], dt.date] | None = None,
) -> Shared:
    """The fact table of a queryset with one evaluation per distinct set of facts, for a
    caller (the sweep) that works once per evaluation and then only on the rows that need it:
    two queries, and no CongressRow read (names are read later, for what gets worded).

    With `opening_until` (a term's rule parameters → a date), sets of facts opening later are
    not evaluated (their entry is None): the sweep passes deadlines.reach(), beyond which
    nothing is owed.
    """
    with collector_paused():
        table = _fact_table(queryset)
        keys, index = _grouped(table)
        return Shared(table, _evaluations(keys, today, opening_until), index)


def congress_rows(queryset: QuerySet[Congress]) -> list[CongressRow]:
    return list(map(CongressRow._make, fetch_rows(queryset.values_list(*ROW_FIELDS))))


def evaluate_congress(congress: Congress, *, today: dt.date) -> Evaluated:
    """One congress; reloads the rule context so a stale instance never decides a rule."""
    fresh = with_rule_context(Congress.objects.filter(pk=congress.pk)).get()
    return evaluate_all([fresh], today=today)[0]
