"""The deadline rules of docs/domain.md §6, as pure functions of facts and a date.

No database, no clock: callers pass `today` (a local Asia/Ho_Chi_Minh date) and the facts they
read. Pages, forms, the API, the Celery sweep, the commands and the PDFs all call `evaluate()`,
so a rule is computed in exactly one place.

- R30: every required draft circulated to the subordinate organisations ≥ N days before opening
  (not applicable to an organisation without subordinates — never silently "passed");
- R20: the report (documents + approved personnel plan) submitted to the direct superior
  ≥ N days before opening; after a return, the new submission is the one that counts;
- RA: the superior's agreement before opening;
- PILOTS: non-pilot subordinates open only after the superior's lessons-learned meeting,
  where the superior chose pilot congresses;
- ANNOUNCE (when the rule set enables it): the convening decision announced ≥ N working days
  before opening.

"N days before opening" means the action's local date is at most `opening - N days`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cached_property
from typing import NamedTuple

from django.utils.translation import gettext
from django.utils.translation import gettext_noop as _  # marked here, translated when worded


class RuleCode(StrEnum):
    R30 = "R30"
    R20 = "R20"
    RA = "RA"
    PILOTS = "PILOTS"
    ANNOUNCE = "ANNOUNCE"


class Status(StrEnum):
    NOT_APPLICABLE = "not_applicable"
    PENDING = "pending"
    DUE_SOON = "due_soon"
    DONE = "done"
    DONE_LATE = "done_late"
    OVERDUE = "overdue"
    RETURNED = "returned"


PASSING = frozenset({Status.DONE, Status.NOT_APPLICABLE})
OPEN_TASKS = frozenset({Status.PENDING, Status.DUE_SOON, Status.OVERDUE, Status.RETURNED})

# The traffic light: the statuses from the most urgent to the least. A congress shows its most
# urgent rule (Evaluation.worst); dashboards sort and count by the same order.
LIGHT_ORDER: tuple[Status, ...] = (
    Status.OVERDUE,
    Status.RETURNED,
    Status.DONE_LATE,
    Status.DUE_SOON,
    Status.PENDING,
    Status.DONE,
    Status.NOT_APPLICABLE,
)


@dataclass(frozen=True)
class RuleParams:
    """The numbers of a rule set (apps.congresses.models.RuleSet) that the rules need."""

    r30_days: int = 30
    r20_days: int = 20
    working_days: bool = False
    holidays: frozenset[dt.date] = frozenset()
    due_soon_days: int = 7
    reminder_offsets: tuple[int, ...] = (14, 7, 3, 1)
    # the days before a circulation's comment deadline on which the silent are reminded
    # (documents.reminders, part of the same sweep)
    comment_reminder_offsets: tuple[int, ...] = (3, 1)
    announcement_enabled: bool = False
    announcement_working_days: int = 30
    required_kinds: tuple[str, ...] = (
        "political_report",
        "review_report",
        "resolution",
        "action_programme",
    )


@dataclass(frozen=True)
class CongressFacts:
    """What has happened for one congress, as official local dates."""

    opening_date: dt.date
    has_subordinates: bool
    circulated_on: Mapping[str, dt.date] = field(
        default_factory=dict, hash=False
    )  # kind → first to subordinates
    reported_on: dt.date | None = None  # official date of the current (not returned) submission
    decision: str | None = None  # "pending" | "approved" | "returned" of the latest report
    decided_on: dt.date | None = None
    is_pilot: bool = False
    pilots_chosen: bool = False  # the direct superior chose pilot congresses for this term
    lessons_held_on: dt.date | None = None
    announced_on: dt.date | None = None


def _day(day: dt.date | None) -> str:
    """dd/mm/yyyy (formatted by hand: strftime costs several times as much)."""
    return f"{day.day:02d}/{day.month:02d}/{day.year}" if day else ""


class RuleResult(NamedTuple):
    """One rule's answer. A tuple, not a frozen dataclass: a national sweep makes 17,500 of
    them and a frozen dataclass builds four times slower; it is just as immutable."""

    code: RuleCode
    deadline: dt.date | None
    status: Status
    done_on: dt.date | None = None
    # Why it does not pass (None when it passes): the message, marked for translation and worded
    # when read (`reason`), with this result's own dates and `number`. The rules say what is
    # wrong without wording it: a sweep evaluates thousands of congresses and words a few.
    why: str | None = None
    number: int | None = None  # the message's %(n)s (days the rule asks) or %(missing)s

    @property
    def reason(self) -> str:
        """Why it does not pass, in the language active now; empty when it passes."""
        if not self.why:
            return ""
        return gettext(self.why) % {
            "deadline": _day(self.deadline),
            "done": _day(self.done_on),
            "held": _day(self.done_on),
            "n": self.number,
            "missing": self.number,
        }

    @property
    def passes(self) -> bool:
        return self.status in PASSING

    def as_dict(self) -> dict:
        return {
            "deadline": self.deadline.isoformat() if self.deadline else None,
            "status": str(self.status),
            "done_on": self.done_on.isoformat() if self.done_on else None,
        }


@dataclass(frozen=True)
class Evaluation:
    today: dt.date
    opening_date: dt.date
    rules: dict[RuleCode, RuleResult]
    can_open: bool
    facts: CongressFacts = field(repr=False, compare=False)
    params: RuleParams = field(repr=False, compare=False)

    @cached_property
    def earliest_lawful_opening(self) -> dt.date | None:
        """Worked out when asked: pages and exports ask for it, the sweep never does, and it
        is a sixth of the cost of evaluating 3,500 sets of facts."""
        return _earliest_lawful_opening(self.facts, self.params, self.today)

    def __getitem__(self, code: str) -> RuleResult:
        return self.rules[RuleCode(code)]

    @property
    def reasons(self) -> list[str]:
        """Why the congress may not open, rule by rule, in the active language."""
        return self.reasons_worded_by(lambda result: result.reason)

    def reasons_worded_by(self, word: Callable[[RuleResult], str]) -> list[str]:
        """The reasons, each result worded by `word`: a caller wording thousands of evaluations
        (the whole-tree status) words each distinct result once."""
        return [word(r) for r in self.rules.values() if r.status not in PASSING and r.why]

    @cached_property
    def worst(self) -> Status:
        """The traffic light of the whole congress: the most urgent status among its rules
        (kept: congresses with equal facts share one Evaluation, and pages ask per row)."""
        present = {r.status for r in self.rules.values()}
        return next(s for s in LIGHT_ORDER if s in present)

    def as_dict(self, word: Callable[[RuleResult], str] | None = None) -> dict:
        return {
            "rules": {str(code): r.as_dict() for code, r in self.rules.items()},
            "can_open": self.can_open,
            "reasons": self.reasons_worded_by(word) if word else self.reasons,
            "earliest_lawful_opening": (
                self.earliest_lawful_opening.isoformat() if self.earliest_lawful_opening else None
            ),
        }


# --- day arithmetic -----------------------------------------------------------------------------


def days_before(
    day: dt.date, n: int, params: RuleParams, *, working: bool | None = None
) -> dt.date:
    """The last lawful date for an action `n` days before `day`: calendar days, or working days
    when the rule set counts them (or `working` says so: the announcement rule always does)."""
    if not (params.working_days if working is None else working):
        return day - dt.timedelta(days=n)
    current = day
    counted = 0
    while counted < n:
        current -= dt.timedelta(days=1)
        if _is_working(current, params):
            counted += 1
    return current


def days_after(day: dt.date, n: int, params: RuleParams, *, working: bool | None = None) -> dt.date:
    """The earliest opening that leaves `n` days after an action taken on `day`."""
    if not (params.working_days if working is None else working):
        return day + dt.timedelta(days=n)
    current = day
    counted = 0
    while counted < n:
        current += dt.timedelta(days=1)
        if _is_working(current, params):
            counted += 1
    return current


def _is_working(day: dt.date, params: RuleParams) -> bool:
    return day.weekday() < 5 and day not in params.holidays


# --- the rules ----------------------------------------------------------------------------------


def _timed_status(
    deadline: dt.date, done_on: dt.date | None, today: dt.date, params: RuleParams
) -> Status:
    if done_on is not None:
        return Status.DONE if done_on <= deadline else Status.DONE_LATE
    if today > deadline:
        return Status.OVERDUE
    if (deadline - today).days <= params.due_soon_days:
        return Status.DUE_SOON
    return Status.PENDING


def _r30(facts: CongressFacts, params: RuleParams, today: dt.date) -> RuleResult:
    deadline = days_before(facts.opening_date, params.r30_days, params)
    if not facts.has_subordinates:
        return RuleResult(RuleCode.R30, deadline, Status.NOT_APPLICABLE)
    dates = [facts.circulated_on.get(kind) for kind in params.required_kinds]
    done_on = max(dates) if dates and all(dates) else None  # type: ignore[type-var]
    status = _timed_status(deadline, done_on, today, params)
    if status == Status.DONE_LATE:
        why = _(
            "Dự thảo văn kiện gửi lấy ý kiến ngày %(done)s, muộn hơn hạn %(deadline)s "
            "(phải trước khai mạc ít nhất %(n)s ngày)."
        )
        return RuleResult(RuleCode.R30, deadline, status, done_on, why, params.r30_days)
    if status not in PASSING:
        why = _(
            "Còn %(missing)s văn kiện chưa gửi lấy ý kiến các tổ chức đảng trực thuộc; "
            "hạn chót %(deadline)s."
        )
        missing = len([d for d in dates if not d])
        return RuleResult(RuleCode.R30, deadline, status, done_on, why, missing)
    return RuleResult(RuleCode.R30, deadline, status, done_on)


def _r20(facts: CongressFacts, params: RuleParams, today: dt.date) -> RuleResult:
    deadline = days_before(facts.opening_date, params.r20_days, params)
    status = _timed_status(deadline, facts.reported_on, today, params)
    why = None
    if status == Status.DONE_LATE:
        why = _(
            "Báo cáo cấp trên ngày %(done)s, muộn hơn hạn %(deadline)s "
            "(phải trước khai mạc ít nhất %(n)s ngày)."
        )
    elif status not in PASSING and facts.decision == "returned":
        why = _("Cấp trên đã trả lại báo cáo; cần báo cáo lại trước %(deadline)s.")
    elif status not in PASSING:
        why = _("Chưa báo cáo văn kiện và phương án nhân sự lên cấp trên; hạn chót %(deadline)s.")
    return RuleResult(RuleCode.R20, deadline, status, facts.reported_on, why, params.r20_days)


def _ra(facts: CongressFacts, params: RuleParams, today: dt.date) -> RuleResult:
    deadline = facts.opening_date
    if facts.decision == "approved":
        decided = facts.decided_on
        if decided is not None and decided > deadline:
            # An agreement dated after the planned opening does not make that opening lawful.
            why = _(
                "Cấp trên đồng ý ngày %(done)s, sau ngày khai mạc dự kiến %(deadline)s; "
                "cần lùi ngày khai mạc."
            )
            return RuleResult(RuleCode.RA, deadline, Status.DONE_LATE, decided, why)
        return RuleResult(RuleCode.RA, deadline, Status.DONE, decided)
    if facts.decision == "returned":
        why = _("Cấp trên đã trả lại báo cáo, chưa đồng ý cho tổ chức đại hội.")
        return RuleResult(RuleCode.RA, deadline, Status.RETURNED, None, why)
    status = Status.OVERDUE if today > deadline else Status.PENDING
    why = _("Chưa có ý kiến đồng ý của cấp ủy cấp trên.")
    return RuleResult(RuleCode.RA, deadline, status, None, why)


def _pilots(facts: CongressFacts, params: RuleParams, today: dt.date) -> RuleResult:
    deadline = facts.opening_date
    if not facts.pilots_chosen or facts.is_pilot:
        return RuleResult(RuleCode.PILOTS, None, Status.NOT_APPLICABLE)
    held = facts.lessons_held_on
    if held is not None:
        if held <= deadline:
            return RuleResult(RuleCode.PILOTS, deadline, Status.DONE, held)
        why = _("Hội nghị rút kinh nghiệm đại hội điểm (%(held)s) sau ngày khai mạc.")
        return RuleResult(RuleCode.PILOTS, deadline, Status.DONE_LATE, held, why)
    status = Status.OVERDUE if today > deadline else Status.PENDING
    why = _("Cấp trên chưa tổ chức hội nghị rút kinh nghiệm đại hội điểm.")
    return RuleResult(RuleCode.PILOTS, deadline, status, None, why)


def _announce(facts: CongressFacts, params: RuleParams, today: dt.date) -> RuleResult:
    if not params.announcement_enabled:
        return RuleResult(RuleCode.ANNOUNCE, None, Status.NOT_APPLICABLE)
    n = params.announcement_working_days
    deadline = days_before(facts.opening_date, n, params, working=True)
    status = _timed_status(deadline, facts.announced_on, today, params)
    why = None
    if status not in PASSING:
        why = _(
            "Thông báo triệu tập đại hội phải trước khai mạc ít nhất %(n)s ngày làm việc "
            "(hạn %(deadline)s)."
        )
    return RuleResult(RuleCode.ANNOUNCE, deadline, status, facts.announced_on, why, n)


def _earliest_lawful_opening(
    facts: CongressFacts, params: RuleParams, today: dt.date
) -> dt.date | None:
    """The earliest opening the actions already taken allow; an action not yet taken counts
    as if taken today. None when it hangs on a date nobody can know yet (the lessons meeting)."""
    candidates: list[dt.date] = []
    if facts.has_subordinates:
        dates = [facts.circulated_on.get(kind) or today for kind in params.required_kinds]
        candidates.append(days_after(max(dates), params.r30_days, params))
    candidates.append(days_after(facts.reported_on or today, params.r20_days, params))
    if facts.decision == "approved" and facts.decided_on:
        candidates.append(facts.decided_on)
    else:
        candidates.append(today)  # the agreement can come today at the earliest
    if facts.pilots_chosen and not facts.is_pilot:
        if facts.lessons_held_on is None:
            return None
        candidates.append(facts.lessons_held_on)
    if params.announcement_enabled:
        candidates.append(
            days_after(
                facts.announced_on or today,
                params.announcement_working_days,
                params,
                working=True,
            )
        )
    return max(candidates)


RULES = (_r30, _r20, _ra, _pilots, _announce)


def evaluate(facts: CongressFacts, params: RuleParams, today: dt.date) -> Evaluation:
    """Every rule's deadline and status, and whether the congress may open (see
    Evaluation.reasons for why not)."""
    results = {}
    can_open = True
    for rule in RULES:
        result = rule(facts, params, today)
        results[result.code] = result
        if result.status not in PASSING:
            can_open = False
    return Evaluation(
        today=today,
        opening_date=facts.opening_date,
        rules=results,
        can_open=can_open,
        facts=facts,
        params=params,
    )


def reach(params: RuleParams, today: dt.date) -> dt.date:
    """The latest opening date for which a sweep on `today` can owe a notice.

    Every rule's deadline is its opening or n (working) days before it, and a notice is owed
    only once a deadline is at most the first reminder offset away (a reminder) or past (an
    overdue notice). A congress opening later has every deadline beyond the first reminder:
    the sweep need not evaluate it. days_before(O, n) <= T exactly when O <= days_after(T, n),
    so the reach is the latest such O over the rules (RA and PILOTS fall due at the opening).
    """
    first_reminder = today + dt.timedelta(days=max(params.reminder_offsets, default=0))
    openings = [
        days_after(first_reminder, params.r30_days, params),
        days_after(first_reminder, params.r20_days, params),
    ]
    if params.announcement_enabled:
        openings.append(
            days_after(first_reminder, params.announcement_working_days, params, working=True)
        )
    return max(openings)


def reminder_offset_due(deadline: dt.date, today: dt.date, offsets: Sequence[int]) -> int | None:
    """The reminder a sweep on `today` owes for a deadline ahead: the tightest offset whose day
    has come. A missed sweep day is caught up by the next one (same offset, same key)."""
    left = (deadline - today).days
    if left < 0:
        return None
    passed = [o for o in offsets if o >= left]
    return min(passed) if passed else None
