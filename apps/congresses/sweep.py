"""The deadline sweep: reminders before each deadline, an overdue notice once, escalation.

Runs daily from Celery beat and on demand (`manage.py deadline_sweep`). It reads every congress
not yet opened in a fixed number of grouped queries, evaluates with the pure rules those that
can owe a notice today (opening within deadlines.reach(): the others' deadlines are all beyond
the first reminder), and creates notifications keyed by (congress, rule, kind, day): reruns,
retries and two workers at once never duplicate one. The day in the key is the reminder's own
day (deadline − offset) or, for overdue notices, the deadline itself, so a missed sweep is
caught up by the next one.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

from django.urls import reverse
from django.utils import translation

from apps.core.memory import collector_paused
from apps.core.rows import fetch_rows
from apps.notifications.services import Message, notifications_create, unsent
from apps.organizations.audiences import Audience, audience_memberships
from apps.organizations.models import CELL_KINDS, Organization

from .contributions import sweep_messages
from .deadlines import (
    Evaluation,
    RuleParams,
    RuleResult,
    Status,
    current_language,
    explaining_in,
    reach,
    reminder_offset_due,
)
from .deadlines import gettext_once as _
from .facts import (
    KEY_START,
    CongressRef,
    CongressRow,
    Shared,
    congress_rows,
    evaluate_shared,
)
from .handoffs import rule_todo
from .models import OPEN_OR_LATER, Congress, SupervisionAssignment, Term, congress_title
from .rule_wording import StepFacts, next_step, rule_label, rule_short_label, step_facts

# The sweep writes to an organisation's leaders (and, escalating, to the superior's).
TO = Audience.LEADERS


@dataclass(frozen=True)
class SweepResult:
    congresses: int
    created: int


def sweep_scope():
    return Congress.objects.exclude(status__in=OPEN_OR_LATER).order_by()


def deadline_sweep(*, today: dt.date) -> SweepResult:
    """Evaluate every congress not yet opened and create the notifications `today` owes:
    rule reminders, overdue notices, escalations, and comment reminders to silent recipients."""
    with translation.override("vi"), explaining_in("vi"), collector_paused():
        shared = evaluate_shared(
            sweep_scope(), today=today, opening_until=lambda params: reach(params, today)
        )
        # then what the apps above add, the drafts' comment reminders (contributions.py)
        messages = _messages_for(shared, today) + sweep_messages(today)
        created = notifications_create(messages)
    return SweepResult(congresses=len(shared.rows), created=created)


def _messages_for(shared: Shared, today: dt.date) -> list[Message]:
    # What each distinct evaluation owes today, worked out once (congresses with equal facts
    # share one, see facts.Shared), then keyed per congress and recipient.
    owed_by_evaluation = [
        [] if entry is None else _owed(evaluation=entry[2], params=entry[1], today=today)
        for entry in shared.evaluations  # (facts, params, evaluation), None beyond reach
    ]
    owing: list[tuple[CongressRef, list[Owed]]] = [
        (CongressRef._make(row[: KEY_START + 1]), owed_by_evaluation[g])
        for row, g in zip(shared.rows, shared.group_of_row, strict=True)
        if owed_by_evaluation[g]
    ]
    if not owing:
        return []
    leaders: dict[int, list[int]] = defaultdict(list)
    for org_id, user_id in fetch_rows(
        audience_memberships(TO, on=today)
        .filter(organization_id__any={c.organization_id for c, _o in owing})
        .values_list("organization_id", "user_id")
    ):
        leaders[org_id].append(user_id)

    overdue = [c for c, owed in owing if any(o.escalation_key for o in owed)]
    supervisors: dict[tuple[int, int], list[int]] = defaultdict(list)
    parent_leaders: dict[str, list[int]] = defaultdict(list)
    if overdue:
        for org_id, term_id, user_id in fetch_rows(
            SupervisionAssignment.objects.filter(
                organization_id__any={c.organization_id for c in overdue}
            )
            .values_list("organization_id", "term_id", "supervisor_id")
            .order_by()
        ):
            supervisors[(org_id, term_id)].append(user_id)
        for path, user_id in fetch_rows(
            audience_memberships(TO, on=today)
            .filter(organization__path__any={_parent_path(c) for c in overdue})
            .values_list("organization__path", "user_id")
        ):
            parent_leaders[path].append(user_id)

    # (recipient, key, escalation?, congress, what is owed): worded later, only if not yet sent.
    pending: list[tuple[int, str, bool, CongressRef, Owed]] = []
    for c, owed in owing:
        head = f"congress:{c.pk}:"
        to_leaders = leaders[c.organization_id]
        escalate_to = None
        for o in owed:
            key = head + o.key
            pending += [(uid, key, False, c, o) for uid in to_leaders]
            if o.escalation_key:
                if escalate_to is None:
                    escalate_to = supervisors.get(
                        (c.organization_id, c.term_id)
                    ) or parent_leaders.get(_parent_path(c), [])
                esc_key = head + o.escalation_key
                pending += [(uid, esc_key, True, c, o) for uid in escalate_to]
    # Word only what is new: a rerun finds every key already sent and writes nothing.
    fresh = [pending[i] for i in unsent([p[1] for p in pending], [p[0] for p in pending])]
    if not fresh:
        return []
    named = {
        r.pk: r for r in congress_rows(Congress.objects.filter(pk__any={p[3].pk for p in fresh}))
    }
    terms = Term.objects.in_bulk()
    page = reverse("congresses:detail", args=[_PLACEHOLDER_PK])
    worded: dict[str, tuple[str, str]] = {}  # a key's text is the same for every recipient
    messages = []
    for uid, key, escalation, ref, o in fresh:
        texts = worded.get(key)
        if texts is None:
            row = named[ref.pk]
            texts = worded[key] = _texts(row, terms[row.term_id], o, escalation, today)
        messages.append(
            Message(
                uid,
                key,
                *texts,
                page.replace(_PLACEHOLDER, str(ref.pk)),
                rule_todo(ref.pk, o.code),
            )
        )
    return messages


# The congress page's address is reversed once and the id put in by hand: reverse() costs
# 40 µs, 14,000 times in a first sweep.
_PLACEHOLDER_PK = 987654321
_PLACEHOLDER = str(_PLACEHOLDER_PK)


class Owed(NamedTuple):
    """One notice a congress's evaluation owes today; `key` and `escalation_key` are the tail
    of the notification keys (rule:kind:day), the same for every congress sharing it."""

    code: str
    kind: str  # "reminder" | "overdue"
    result: RuleResult
    key: str
    escalation_key: str | None  # overdue notices also go one level up
    params: RuleParams  # the congress's rule set: the rule is worded with its day count
    step: StepFacts  # what the next step depends on


def _owed(evaluation: Evaluation, params: RuleParams, today: dt.date) -> list[Owed]:
    """What `today` owes: a reminder keyed by its own day (deadline − offset) or an overdue
    notice, and its escalation, keyed by the deadline."""
    owed = []
    for code, result in evaluation.rules.items():
        if result.deadline is None:
            continue
        if result.status in (Status.PENDING, Status.DUE_SOON):
            offset = reminder_offset_due(result.deadline, today, params.reminder_offsets)
            if offset is not None:
                day = result.deadline - dt.timedelta(days=offset)
                owed.append(
                    Owed(
                        str(code),
                        "reminder",
                        result,
                        f"{code}:reminder:{day}",
                        None,
                        params,
                        step_facts(evaluation, code),
                    )
                )
        elif result.status == Status.OVERDUE:
            day = result.deadline
            owed.append(
                Owed(
                    str(code),
                    "overdue",
                    result,
                    f"{code}:overdue:{day}",
                    f"{code}:escalation:{day}",
                    params,
                    step_facts(evaluation, code),
                )
            )
    return owed


def _texts(
    c: CongressRow, term: Term, o: Owed, escalation: bool, today: dt.date
) -> tuple[str, str]:
    if escalation:
        return _escalation_text(c, term, o)
    if o.kind == "reminder":
        return _reminder_text(c, term, o, today)
    return _overdue_text(c, term, o)


def _reminder_text(c: CongressRow, term: Term, o: Owed, today: dt.date) -> tuple[str, str]:
    deadline = o.result.deadline
    assert deadline is not None  # _owed() owes nothing without a deadline
    subject = _("Nhắc việc: %(rule)s — hạn %(deadline)s") % {
        "rule": rule_short_label(o.code),
        "deadline": deadline.strftime("%d/%m/%Y"),
    }
    left = _("Còn %(n)s ngày đến hạn.") % {"n": (deadline - today).days}
    return subject, _body(c, term, o, left)


def _overdue_text(c: CongressRow, term: Term, o: Owed) -> tuple[str, str]:
    deadline = o.result.deadline
    assert deadline is not None  # _owed() owes nothing without a deadline
    subject = _("Quá hạn: %(rule)s — hạn %(deadline)s") % {
        "rule": rule_short_label(o.code),
        "deadline": deadline.strftime("%d/%m/%Y"),
    }
    return subject, _body(c, term, o, o.result.reason)


def _escalation_text(c: CongressRow, term: Term, o: Owed) -> tuple[str, str]:
    subject = _("Báo cáo quá hạn của tổ chức cấp dưới: %(org)s — %(rule)s") % {
        "org": c.org_name,
        "rule": rule_short_label(o.code),
    }
    return subject, _body(c, term, o, o.result.reason)


def _parent_path(congress: CongressRef | CongressRow) -> str:
    return congress.org_path[: -Organization.steplen]


def _body(congress: CongressRow, term: Term, o: Owed, detail: str) -> str:
    language = current_language()
    return "\n".join(
        [
            congress_title(congress.org_name, congress.ordinal, term),
            *_rule_lines(language, congress.opening_date, o.code, o.params, o.result.deadline),
            detail,
            _next_step_line(language, o.step, congress.org_kind not in CELL_KINDS),
        ]
    )


@lru_cache(maxsize=4096)
def _rule_lines(
    language: str | None, opening: dt.date, code: str, params: RuleParams, deadline: dt.date
) -> tuple:
    """The opening and requirement lines of a notice, worded once per language, date and rule:
    a first sweep writes 14,000 bodies from a few hundred distinct such pairs."""
    return (
        _("Ngày khai mạc: %(d)s.") % {"d": opening.strftime("%d/%m/%Y")},
        _("Yêu cầu: %(rule)s; hạn chót %(deadline)s.")
        % {"rule": rule_label(code, params), "deadline": deadline.strftime("%d/%m/%Y")},
    )


@lru_cache(maxsize=256)
def _next_step_line(language: str | None, step: StepFacts, has_standing: bool) -> str:
    return _("Việc cần làm: %(step)s") % {
        "step": next_step(step, has_standing_committee=has_standing)
    }
