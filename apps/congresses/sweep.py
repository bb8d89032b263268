"""The deadline sweep: reminders before each deadline, an overdue notice once, escalation.

Runs daily from Celery beat and on demand (`manage.py deadline_sweep`). It reads every congress
not yet opened in a fixed number of grouped queries, evaluates with the pure rules those that
can owe a notice today (opening within deadlines.reach(): the others' deadlines are all beyond
the first reminder), and creates notifications keyed by (congress, rule, kind, day): reruns,
retries and two workers at once never duplicate one. The day in the key is the reminder's own
day (deadline − offset) or, for overdue notices, the deadline itself, so a missed sweep is
caught up by the next one.

The steps, each a function below: what each congress owes today (owing_today), to whom
(recipients_of), the notices that makes (pending_notices), those not sent yet (unsent_notices),
and their words (worded).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from functools import partial
from typing import NamedTuple

from django.db.models import QuerySet

from apps.core.lookups import AnyOf
from apps.core.memory import collector_paused
from apps.core.request_memo import remembering
from apps.core.rows import fetch_rows
from apps.notifications.services import Message, notifications_create, unsent
from apps.organizations.audiences import Audience, audience_memberships
from apps.organizations.tree import parent_path

from .contributions import sweep_messages
from .deadlines import Evaluation, RuleParams, Status, reach, reminder_offset_due
from .facts import CongressRef, FactGroup, congress_rows, fact_groups
from .handoffs import rule_todo
from .models import OPEN_OR_LATER, Congress, SupervisionAssignment, Term
from .notices import Addressee, NoticeWriter, Owed, explaining_in

# Who hears what (organizations/audiences.py): a rule's reminders and overdue notices go to the
# organisation's LEADERS; an overdue rule escalates to the superior's standing members assigned
# to guide the organisation (SupervisionAssignment), else to the superior's STANDING committee,
# as every escalation does (congresses.handoffs.superior_followers, one congress at a time).
TO = Audience.LEADERS
ESCALATE_TO = Audience.STANDING


@dataclass(frozen=True)
class SweepResult:
    congresses: int
    created: int


def sweep_scope() -> QuerySet[Congress]:
    return Congress.objects.exclude(status__in=OPEN_OR_LATER).order_by()


def deadline_sweep(*, today: dt.date) -> SweepResult:
    """Evaluate every congress not yet opened and create the notifications `today` owes:
    rule reminders, overdue notices, escalations, and comment reminders to silent recipients."""
    with explaining_in("vi"), collector_paused(), remembering():  # the rule sets read once
        groups = fact_groups(
            sweep_scope(), today=today, opening_until=lambda params: reach(params, today)
        )
        # then what the apps above add, the drafts' comment reminders (contributions.py)
        messages = _messages_for(groups, today) + sweep_messages(today)
        created = notifications_create(messages)
    return SweepResult(congresses=sum(len(g.congresses) for g in groups), created=created)


def _messages_for(groups: list[FactGroup], today: dt.date) -> list[Message]:
    owing = owing_today(groups, today)
    if not owing:
        return []
    fresh = unsent_notices(pending_notices(owing, recipients_of(owing, today)))
    return worded(fresh, today) if fresh else []


# --- what is owed -------------------------------------------------------------------------------


class Owing(NamedTuple):
    """Congresses with equal facts and the notices each of them owes today (never empty)."""

    congresses: list[CongressRef]
    term_id: int
    owed: list[Owed]


def owing_today(groups: list[FactGroup], today: dt.date) -> list[Owing]:
    """What the congresses owe today, worked out once per group of equal facts (see
    facts.FactGroup); groups beyond the reach were not evaluated and owe nothing."""
    owing = []
    for group in groups:
        if group.evaluation is not None:
            owed = owed_by(group.evaluation, group.evaluation.params, today)
            if owed:
                owing.append(Owing(group.congresses, group.key.term_id, owed))
    return owing


def owed_by(evaluation: Evaluation, params: RuleParams, today: dt.date) -> list[Owed]:
    """What `today` owes: a reminder keyed by its own day (deadline − offset) or an overdue
    notice, and its escalation, keyed by the deadline."""
    owed = []
    for code, result in evaluation.rules.items():
        if result.deadline is None:
            continue
        if result.status in (Status.PENDING, Status.DUE_SOON):
            offset = reminder_offset_due(result.deadline, today, params.reminder_offsets)
            if offset is None:
                continue
            day = result.deadline - dt.timedelta(days=offset)
            key, escalation_key, kind = f"{code}:reminder:{day}", None, "reminder"
        elif result.status == Status.OVERDUE:
            day = result.deadline
            key, escalation_key = f"{code}:overdue:{day}", f"{code}:escalation:{day}"
            kind = "overdue"
        else:
            continue
        owed.append(Owed(str(code), kind, result, key, escalation_key, evaluation))
    return owed


# --- to whom ------------------------------------------------------------------------------------


class Recipients(NamedTuple):
    leaders: dict[int, list[int]]  # organisation id → its leaders (Audience.LEADERS)
    escalation: dict[int, list[int]]  # congress id → who hears of its overdue rules


def recipients_of(owing: list[Owing], today: dt.date) -> Recipients:
    """The leaders of every organisation that owes a notice, and for each congress with an
    overdue rule, whom it escalates to: the supervisors assigned to the organisation for the
    term, else the standing committee of the direct superior. At most three queries."""
    organizations = {c.organization_id for o in owing for c in o.congresses}
    leaders = _people(TO, AnyOf("organization_id", organizations), today)
    overdue = [
        (c, o.term_id) for o in owing if any(x.escalation_key for x in o.owed) for c in o.congresses
    ]
    if not overdue:
        return Recipients(leaders, {})
    supervisors: dict[tuple[int, int], list[int]] = defaultdict(list)
    for org_id, term_id, user_id in fetch_rows(
        SupervisionAssignment.objects.filter(
            AnyOf("organization_id", {c.organization_id for c, _term in overdue})
        )
        .values_list("organization_id", "term_id", "supervisor_id")
        .order_by()
    ):
        supervisors[(org_id, term_id)].append(user_id)
    superiors = {c.id: parent_path(c.org_path) for c, _term in overdue}
    superior_standing = _people(
        ESCALATE_TO, AnyOf("organization__path", set(superiors.values())), today, by_path=True
    )
    return Recipients(
        leaders,
        {
            c.id: supervisors.get((c.organization_id, term_id))
            or superior_standing.get(superiors[c.id], [])
            for c, term_id in overdue
        },
    )


def _people(audience: Audience, where: AnyOf, today: dt.date, *, by_path: bool = False) -> dict:
    """The audience of the organisations `where` selects, by organisation id (or path)."""
    by = "organization__path" if by_path else "organization_id"
    people: dict = defaultdict(list)
    for org, user_id in fetch_rows(
        audience_memberships(audience, on=today).filter(where).values_list(by, "user_id")
    ):
        people[org].append(user_id)
    return people


# --- the notices --------------------------------------------------------------------------------


class Notice(NamedTuple):
    """One notice (one key) before it is worded, and the people it goes to."""

    key: str
    escalation: bool
    congress: CongressRef
    owed: Owed
    recipients: list[int]


def pending_notices(owing: list[Owing], recipients: Recipients) -> list[Notice]:
    """The notices the owed make: each to the organisation's leaders, and an overdue one
    also, as an escalation, to whom the congress escalates."""
    notices: list[Notice] = []
    add = notices.append
    for congresses, _term_id, owed in owing:
        for congress in congresses:
            head = f"congress:{congress.id}:"
            leaders = recipients.leaders.get(congress.organization_id)
            escalate_to = recipients.escalation.get(congress.id)
            for o in owed:
                if leaders:
                    add(_notice((head + o.key, False, congress, o, leaders)))
                if o.escalation_key and escalate_to:
                    add(_notice((head + o.escalation_key, True, congress, o, escalate_to)))
    return notices


# Notice(...) without its Python frame: a sweep over every congress in reach makes 25,000.
_notice = partial(tuple.__new__, Notice)


def unsent_notices(notices: list[Notice]) -> list[Notice]:
    """The notices, each to the people who have not had it yet (none left: dropped). A rerun
    finds every key already sent and words nothing."""
    pairs = [(n.key, uid) for n in notices for uid in n.recipients]
    missing = unsent(pairs)
    if not missing:
        return []
    notice_of_pair = [i for i, n in enumerate(notices) for _uid in n.recipients]
    still_to: dict[int, list[int]] = defaultdict(list)
    for p in missing:
        still_to[notice_of_pair[p]].append(pairs[p][1])
    return [notices[i]._replace(recipients=uids) for i, uids in still_to.items()]


def worded(fresh: list[Notice], today: dt.date) -> list[Message]:
    """The notices as messages, in the active language: a notice's words are the same for
    every recipient, worded once. Names are read only for the congresses that get one."""
    named = {
        r.pk: r
        for r in congress_rows(
            Congress.objects.filter(AnyOf("pk", {n.congress.id for n in fresh})).order_by()
        )
    }
    terms = Term.objects.in_bulk({row.term_id for row in named.values()})
    writer = NoticeWriter()
    messages = []
    for n in fresh:
        row = named[n.congress.id]
        to = Addressee(row.pk, row.org_name, row.org_kind, row.ordinal, terms[row.term_id])
        subject, body = writer.texts(to, n.owed, escalation=n.escalation, today=today)
        page, todo = writer.page(n.congress.id), rule_todo(n.congress.id, n.owed.code)
        messages += [Message(uid, n.key, subject, body, page, todo) for uid in n.recipients]
    return messages
