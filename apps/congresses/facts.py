"""Reading the facts the rules need, for one congress or thirteen thousand, in a fixed number of
grouped queries (never one per congress). The rules themselves are in deadlines.py."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import partial
from operator import attrgetter
from typing import Any, NamedTuple

from django.db.models import BooleanField, ExpressionWrapper, F, Min, Q, QuerySet, Value, Window
from django.db.models.functions import RowNumber

from apps.core.request_memo import once_per_request
from apps.core.rows import fetch_rows
from apps.core.sql import Joined, left_joined_groups
from apps.organizations.tree import parent_path_of

from .deadlines import CongressFacts, Evaluation, RuleParams, evaluate
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
        comment_reminder_offsets=tuple(
            sorted(rule_set.comment_reminder_offsets or (), reverse=True)
        ),
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


# Where each field of a CongressRow is read from: the query asks for them in the record's order.
ROW_SOURCES: dict[str, str] = {
    "pk": "id",
    "organization_id": "organization_id",
    "term_id": "term_id",
    "ordinal": "ordinal",
    "opening_date": "opening_date",
    "is_pilot": "is_pilot",
    "announced_on": "announced_on",
    "status": "status",
    "org_code": "organization__code",
    "org_name": "organization__name",
    "org_path": "organization__path",
    "org_numchild": "organization__numchild",
    "org_kind": "organization__kind",
}
ROW_FIELDS = tuple(ROW_SOURCES[name] for name in CongressRow._fields)


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
    """Which congress a fact row is about, and where it sits (its term is its FactKey's)."""

    id: int
    organization_id: int
    org_path: str


class FactKey(NamedTuple):
    """The facts of one congress as read, with its term: everything its evaluation depends on
    and nothing else, so congresses with equal keys share one evaluation (the national set's
    13,294 congresses hold about 3,500 keys). A key hashes as a tuple does, in C.

    Each field is one column of the fact query (_fact_parts), asked for by its name: a new fact
    is a new field here and a new column there, read into CongressFacts by facts()."""

    term_id: int
    opening_date: dt.date
    has_subordinates: bool
    # The first circulation to subordinate organisations, per document kind (DocumentKind).
    first_political_report: dt.date | None
    first_review_report: dt.date | None
    first_resolution: dt.date | None
    first_action_programme: dt.date | None
    first_plan: dt.date | None
    first_submission: dt.date | None
    first_personnel_scheme: dt.date | None
    # The latest report to the superior (by submission): its official date and decision.
    report_official_date: dt.date | None
    report_decision: str | None
    report_decided_on: dt.date | None
    is_pilot: bool
    pilots_chosen: bool | None  # the superior holds a lessons meeting for the term (else None)
    lessons_held_on: dt.date | None
    announced_on: dt.date | None

    def facts(self) -> CongressFacts:
        """The facts as the rules read them. A returned report leaves R20 open: its date does
        not count as reported."""
        returned = self.report_decision == Decision.RETURNED
        return CongressFacts(
            opening_date=self.opening_date,
            has_subordinates=bool(self.has_subordinates),
            circulated_on={
                kind: day for kind, day in zip(KINDS, _firsts(self), strict=True) if day
            },
            reported_on=None if returned else self.report_official_date,
            decision=self.report_decision,
            decided_on=self.report_decided_on,
            is_pilot=bool(self.is_pilot),
            pilots_chosen=bool(self.pilots_chosen),
            lessons_held_on=self.lessons_held_on,
            announced_on=self.announced_on,
        )


_firsts = attrgetter(*(f"first_{kind}" for kind in KINDS))  # a FactKey's, in the order of KINDS


def _fact_parts(scope: QuerySet[Congress]) -> tuple[QuerySet, Joined, Joined, Joined]:
    """The fact query in its parts, each an ordinary queryset naming its columns as the fields
    of CongressRef and FactKey (or, for the joins, as the keys they join on):

    - the congresses of `scope`, with their organisation's path and its parent's;
    - per congress, the first circulation to subordinates of each document kind (a conditional
      MIN per kind): circulations count for R30 only when they reached a subordinate;
    - per congress, the latest report (ROW_NUMBER over submitted_at, id);
    - per organisation and term, the lessons meeting, joined on the congress's parent: a
      lessons meeting of the direct superior for the same term means pilots were chosen.
    """
    ids = scope.order_by().values("pk")
    congresses = scope.order_by().values(
        "id",
        "organization_id",
        "term_id",
        "opening_date",
        "is_pilot",
        "announced_on",
        org_path=F("organization__path"),
        parent_path=parent_path_of("organization__path"),
        has_subordinates=ExpressionWrapper(
            Q(organization__numchild__gt=0), output_field=BooleanField()
        ),
    )
    # R30's facts are the drafts' circulations (documents, an app above this one), reached
    # through Congress's reverse relations so that congresses imports nothing of documents.
    # The filter comes before the aggregate, so the aggregate reads the same circulations.
    circulation = "documents__rounds__circulations"
    circulated = (
        Congress.objects.filter(pk__in=ids, **{f"{circulation}__to_subordinates": True})
        .order_by()
        .values(circulated_congress=F("pk"))
        .annotate(
            **{
                f"first_{kind}": Min(
                    f"{circulation}__official_date", filter=Q(documents__kind=kind)
                )
                for kind in KINDS
            }
        )
    )
    latest_report = (
        SuperiorReport.objects.filter(congress__in=ids)
        .order_by()
        .annotate(
            newest_first=Window(
                RowNumber(),
                partition_by=F("congress_id"),
                order_by=[F("submitted_at").desc(), F("id").desc()],
            )
        )
        .filter(newest_first=1)
        .values(
            report_congress=F("congress_id"),
            report_official_date=F("official_date"),
            report_decision=F("decision"),
            report_decided_on=F("decided_on"),
        )
    )
    meetings = LessonsMeeting.objects.order_by().values(
        meeting_path=F("organization__path"),
        meeting_term=F("term_id"),
        lessons_held_on=F("held_on"),
        pilots_chosen=Value(True, output_field=BooleanField()),
    )
    return (
        congresses,
        Joined(circulated, on=(("circulated_congress", "id"),)),
        Joined(latest_report, on=(("report_congress", "id"),)),
        Joined(meetings, on=(("meeting_path", "parent_path"), ("meeting_term", "term_id"))),
    )


def congresses_by_facts(scope: QuerySet[Congress]) -> dict[FactKey, list[CongressRef]]:
    """Every congress of `scope`, grouped by its facts, in one statement (see apps.core.sql).

    The database groups the rows on the FactKey's columns and hands each group over as those
    facts followed by the lists of its congresses' CongressRef fields: the national set's
    13,294 congresses arrive as about 3,500 groups, each FactKey made once."""
    return {
        FactKey._make(facts): list(
            map(_congress_ref, zip(ids, organization_ids, org_paths, strict=True))
        )
        for *facts, ids, organization_ids, org_paths in left_joined_groups(
            FactKey._fields, CongressRef._fields, *_fact_parts(scope)
        )
    }


# CongressRef._make without its Python frame and length check (zip gives the record's fields
# in order, by construction): 13,294 calls per sweep.
_congress_ref = partial(tuple.__new__, CongressRef)


@dataclass(frozen=True, slots=True)
class FactGroup:
    """Congresses with equal facts under one term, and their one evaluation: the rules are
    pure, so an equal input gives an equal answer (nobody mutates an Evaluation)."""

    key: FactKey
    congresses: list[CongressRef]
    evaluation: Evaluation | None  # None: opening beyond the caller's `opening_until`


def fact_groups(
    scope: QuerySet[Congress],
    *,
    today: dt.date,
    opening_until: Callable[[RuleParams], dt.date] | None = None,
) -> list[FactGroup]:
    """The congresses of `scope` grouped by their facts, each group evaluated once: two queries
    (the rule sets, the facts) whatever the number of congresses.

    With `opening_until` (a term's rule parameters → a date), groups opening later are not
    evaluated: the sweep passes deadlines.reach(), beyond which nothing is owed.
    """
    by_key = congresses_by_facts(scope)
    params = params_by_term()
    until = {term: opening_until(p) for term, p in params.items()} if opening_until else {}
    return [
        FactGroup(
            key,
            congresses,
            None
            if key.term_id in until and key.opening_date > until[key.term_id]
            else evaluate(key.facts(), params[key.term_id], today),
        )
        for key, congresses in by_key.items()
    ]


def with_rule_context(queryset: QuerySet[Congress]) -> QuerySet[Congress]:
    """What the pages need in the same row as a congress: its organisation and its term (the
    rule sets come separately, once, not repeated on every row)."""
    return queryset.select_related("organization", "term").only(
        *CONGRESS_FIELDS, "term__code", "term__start_year", "term__end_year", "term__rule_set_id"
    )


def _evaluated(
    subjects: Sequence, pks: Sequence[int], scope: QuerySet[Congress], today: dt.date
) -> list[Evaluated]:
    """One Evaluated per subject, in the order of `pks` (the same congresses as `scope`)."""
    evaluation_of = {
        congress.id: group.evaluation
        for group in fact_groups(scope, today=today)
        for congress in group.congresses
    }
    evaluated = []
    for subject, pk in zip(subjects, pks, strict=True):
        evaluation = evaluation_of[pk]
        assert evaluation is not None  # no opening_until: every group is evaluated
        evaluated.append(Evaluated(subject, evaluation.facts, evaluation.params, evaluation))
    return evaluated


def evaluate_all(congresses: Iterable[Congress], *, today: dt.date) -> list[Evaluated]:
    """Evaluate congress model instances (a page's worth) at once: three queries, one Term
    object per term (not per row)."""
    congresses = list(congresses)
    if not congresses:
        return []
    term_field = Congress._meta.get_field("term")
    if not all(term_field.is_cached(c) for c in congresses):
        terms = {t.pk: t for t in Term.objects.all()}
        for c in congresses:
            c.term = terms[c.term_id]  # fills the relation cache: str(congress) costs no query
    scope = Congress.objects.filter(pk__in=[c.pk for c in congresses])
    return _evaluated(congresses, [c.pk for c in congresses], scope, today)


def evaluate_rows(queryset: QuerySet[Congress], *, today: dt.date) -> list[Evaluated]:
    """Evaluate every congress of a queryset read as CongressRow tuples: the bulk path (the
    whole-tree status, dashboards), three queries. The rows keep the queryset's order
    (`.order_by()` when none is wanted: sorting costs)."""
    rows = congress_rows(queryset)
    return _evaluated(rows, [r.pk for r in rows], queryset, today)


def congress_rows(queryset: QuerySet[Congress]) -> list[CongressRow]:
    return list(map(CongressRow._make, fetch_rows(queryset.values_list(*ROW_FIELDS))))


def evaluate_congress(congress: Congress, *, today: dt.date) -> Evaluated:
    """One congress; reloads the rule context so a stale instance never decides a rule."""
    fresh = with_rule_context(Congress.objects.filter(pk=congress.pk)).get()
    return evaluate_all([fresh], today=today)[0]
