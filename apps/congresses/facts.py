"""Reading the facts the rules need, for one congress or thirteen thousand, in a fixed number of
grouped queries (never one per congress). The rules themselves are in deadlines.py."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Min, QuerySet

from apps.documents.models import Circulation
from apps.organizations.models import Organization

from .deadlines import CongressFacts, Evaluation, RuleParams, evaluate
from .models import Congress, Decision, LessonsMeeting, RuleSet, SuperiorReport


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


def facts_for(congresses: Iterable[Congress]) -> dict[int, tuple[CongressFacts, RuleParams]]:
    """Facts for every congress given, in five queries whatever their number.

    The congresses must come with `organization` and `term__rule_set` selected (see
    `with_rule_context`). Circulations count for R30 only when they reached a subordinate
    organisation; R20 and RA read the latest report, and a returned one leaves R20 open.
    """
    congresses = list(congresses)
    if not congresses:
        return {}
    ids = [c.pk for c in congresses]

    circulated: dict[int, dict[str, dt.date]] = defaultdict(dict)
    for congress_id, kind, first in (
        Circulation.objects.filter(round__document__congress_id__in=ids, to_subordinates=True)
        .values_list("round__document__congress_id", "round__document__kind")
        .annotate(first=Min("official_date"))
        .values_list("round__document__congress_id", "round__document__kind", "first")
        .order_by()
    ):
        circulated[congress_id][kind] = first

    latest: dict[int, tuple[dt.date, str, dt.date | None]] = {}
    for congress_id, official, decision, decided in (
        SuperiorReport.objects.filter(congress_id__in=ids)
        .order_by("congress_id", "-submitted_at", "-id")
        .values_list("congress_id", "official_date", "decision", "decided_on")
    ):
        latest.setdefault(congress_id, (official, decision, decided))

    parent_paths = {c.organization.path[: -Organization.steplen] for c in congresses}
    meetings = {
        (path, term_id): held
        for path, term_id, held in LessonsMeeting.objects.filter(
            organization__path__in=parent_paths
        ).values_list("organization__path", "term_id", "held_on")
    }

    out: dict[int, tuple[CongressFacts, RuleParams]] = {}
    params_cache: dict[int, RuleParams] = {}
    for c in congresses:
        rule_set = c.term.rule_set
        params = params_cache.get(rule_set.pk) or params_cache.setdefault(
            rule_set.pk, params_for(rule_set)
        )
        report = latest.get(c.pk)
        decision = report[1] if report else None
        parent_key = (c.organization.path[: -Organization.steplen], c.term_id)
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
            params,
        )
    return out


def with_rule_context(queryset: QuerySet[Congress]) -> QuerySet[Congress]:
    """What facts_for() needs in the same row: the organisation and the term's rule set."""
    return queryset.select_related("organization", "term__rule_set")


def evaluate_all(congresses: Iterable[Congress], *, today: dt.date) -> list[Evaluated]:
    congresses = list(congresses)
    facts = facts_for(congresses)
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
