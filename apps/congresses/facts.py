"""Reading the facts the rules need, for one congress or thirteen thousand, in a fixed number of
grouped queries (never one per congress). The rules themselves are in deadlines.py."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Min, QuerySet
from django.utils.translation import get_language

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


@dataclass(frozen=True)
class Evaluated:
    """A congress with its facts, parameters and evaluation: what pages, tasks and PDFs show."""

    congress: Congress
    facts: CongressFacts
    params: RuleParams
    evaluation: Evaluation


BULK_IN_LIMIT = 2000
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
    """The parameters of every term's rule set: a handful of rows, read once per evaluation."""
    return {term.pk: params_for(term.rule_set) for term in Term.objects.select_related("rule_set")}


def facts_for(congresses: Iterable[Congress]) -> dict[int, tuple[CongressFacts, RuleParams]]:
    """Facts for every congress given, in four queries whatever their number.

    The congresses must come with their `organization` selected (see `with_rule_context`).
    Circulations count for R30 only when they reached a subordinate organisation; R20 and RA
    read the latest report, and a returned one leaves R20 open.
    """
    congresses = list(congresses)
    if not congresses:
        return {}
    ids = [c.pk for c in congresses]
    params = params_by_term()
    # Past a few thousand congresses an IN list costs more to build and parse than reading every
    # row and dropping the few not asked for (the sweep and the whole-tree status read ~all).
    wanted = {"congress_id__in": ids} if len(ids) <= BULK_IN_LIMIT else {}

    circulated: dict[int, dict[str, dt.date]] = defaultdict(dict)
    for congress_id, kind, first in (
        Circulation.objects.filter(
            to_subordinates=True,
            **{f"round__document__{k}": v for k, v in wanted.items()},
        )
        .values_list("round__document__congress_id", "round__document__kind")
        .annotate(first=Min("official_date"))
        .values_list("round__document__congress_id", "round__document__kind", "first")
        .order_by()
    ):
        circulated[congress_id][kind] = first

    latest: dict[int, tuple[dt.date, str, dt.date | None]] = {}
    for congress_id, official, decision, decided in (
        SuperiorReport.objects.filter(**wanted)
        .order_by("congress_id", "-submitted_at", "-id")
        .values_list("congress_id", "official_date", "decision", "decided_on")
    ):
        latest.setdefault(congress_id, (official, decision, decided))

    steplen = Organization.steplen
    parent_paths = {c.organization.path[:-steplen] for c in congresses}
    meetings = {
        (path, term_id): held
        for path, term_id, held in LessonsMeeting.objects.filter(
            organization__path__in=parent_paths
        ).values_list("organization__path", "term_id", "held_on")
    }

    out: dict[int, tuple[CongressFacts, RuleParams]] = {}
    for c in congresses:
        report = latest.get(c.pk)
        decision = report[1] if report else None
        parent_key = (c.organization.path[:-steplen], c.term_id)
        out[c.pk] = (
            CongressFacts(
                opening_date=c.opening_date,
                has_subordinates=c.organization.numchild > 0,
                circulated_on=circulated.get(c.pk, {}),
                reported_on=report[0] if report and decision != Decision.RETURNED else None,
                decision=decision,
                decided_on=report[2] if report else None,
                is_pilot=c.is_pilot,
                pilots_chosen=parent_key in meetings,
                lessons_held_on=meetings.get(parent_key),
                announced_on=c.announced_on,
            ),
            params[c.term_id],
        )
    return out


def with_rule_context(queryset: QuerySet[Congress]) -> QuerySet[Congress]:
    """What facts_for() and the pages need in the same row: the congress, its organisation and
    its term (the rule sets come separately, once, not repeated on 13,000 rows)."""
    return queryset.select_related("organization", "term").only(
        *CONGRESS_FIELDS, "term__code", "term__start_year", "term__end_year", "term__rule_set_id"
    )


def evaluate_all(congresses: Iterable[Congress], *, today: dt.date) -> list[Evaluated]:
    """Evaluate many congresses at once: five queries, one Term object per term (not per row),
    and the reasons worded in the current language looked up once."""
    congresses = list(congresses)
    terms = {t.pk: t for t in Term.objects.all()}
    for c in congresses:
        c.term = terms[c.term_id]  # fills the relation cache: str(congress) costs no query
    facts = facts_for(congresses)
    with explaining_in(get_language()):
        return [
            Evaluated(
                c, facts[c.pk][0], facts[c.pk][1], evaluate(facts[c.pk][0], facts[c.pk][1], today)
            )
            for c in congresses
        ]


def evaluate_congress(congress: Congress, *, today: dt.date) -> Evaluated:
    """One congress; reloads the rule context so a stale instance never decides a rule."""
    fresh = with_rule_context(Congress.objects.filter(pk=congress.pk)).get()
    return evaluate_all([fresh], today=today)[0]
