"""What one person must do next, across every organisation they hold a role in.

Each kind of task is one query over all the person's organisations at once (the permission
layer's SQL filter, never a loop over roles), and every congress met on the way is evaluated in
one pass of the rules (facts.evaluate_all): the page costs the same number of queries for a
person with one role as for one with twenty. Deadlines come from the rule evaluation (the rule
set's day counts), never from literals here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, Subquery
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from apps.congresses.deadlines import RuleCode, RuleResult, Status
from apps.congresses.facts import Evaluated, evaluate_all, with_rule_context
from apps.congresses.models import (
    Congress,
    CongressStatus,
    Decision,
    SuperiorReport,
)
from apps.congresses.rule_wording import rule_label
from apps.congresses.rules import opening_day_refusals
from apps.congresses.selectors import reports_awaiting_decision
from apps.delegates.models import AllocationShare, DelegateElection
from apps.documents.models import Circulation, Disposition, DraftRound
from apps.documents.permissions import editable_congresses_q
from apps.documents.selectors import rounds_awaiting_comment
from apps.organizations.models import Membership
from apps.organizations.permissions import Action, is_administrator, scope_for
from apps.personnel.models import ElectionResult, PersonnelPlan, PlanStatus
from apps.personnel.selectors import ratifications_awaiting
from apps.reports.builders import ReportKind
from apps.reports.models import IssuedDocument

# A congress still to be prepared or held: the home page follows it until its result is in.
FINISHED = (CongressStatus.CLOSED, CongressStatus.RATIFIED, CongressStatus.FOLLOWUP_DONE)
OPEN_RULES = (Status.PENDING, Status.DUE_SOON, Status.OVERDUE, Status.RETURNED)


@dataclass(frozen=True, slots=True)
class Task:
    """One thing to do: what, for which congress, by when, and the address that does it."""

    kind: str
    what: str
    subject: str
    url: str
    button: str
    deadline: dt.date | None
    days_left: int | None
    note: str = ""

    @property
    def overdue(self) -> bool:
        return self.days_left is not None and self.days_left < 0

    @property
    def urgent(self) -> bool:
        return self.days_left is not None and self.days_left <= 7


@dataclass(frozen=True, slots=True)
class OwnCongress:
    """A congress of an organisation the person belongs to, with its two countdowns."""

    congress: Congress
    opening_in: int
    next_rule: str
    next_deadline: dt.date | None
    next_in: int | None
    worst: str
    can_open: bool


@dataclass
class Worklist:
    own: list[OwnCongress] = field(default_factory=list)
    tasks: list[Task] = field(default_factory=list)
    is_administrator: bool = False
    has_roles: bool = False


def _ddmmyyyy(day: dt.date | None) -> str:
    return day.strftime("%d/%m/%Y") if day else "—"


def _days(day: dt.date | None, today: dt.date) -> int | None:
    return (day - today).days if day else None


def _urgency(task: Task) -> tuple:
    """Overdue first, then the nearest deadline; tasks without a deadline last."""
    return (task.deadline is None, task.deadline or dt.date.max, task.subject)


def worklist_for(*, user: Any, today: dt.date) -> Worklist:
    if is_administrator(user):
        # The administrator holds no role: the home says where their work is (the admin).
        return Worklist(is_administrator=True)
    scope = scope_for(user, today=today)
    own_ids = list(
        Membership.objects.active(today).filter(user=user).values_list("organization_id", flat=True)
    )
    if not own_ids and not scope.holdings:
        return Worklist()
    lead = scope.q(Action.LEAD, "organization__")
    congresses = list(
        with_rule_context(
            Congress.objects.filter(Q(organization_id__in=own_ids) | lead).exclude(
                status__in=FINISHED
            )
        )
        .annotate(has_election=Exists(ElectionResult.objects.filter(congress=OuterRef("pk"))))
        .order_by("opening_date", "organization__path")
    )
    led = [c for c in congresses if scope.allows(Action.LEAD, c.organization)]
    plans = list(
        PersonnelPlan.objects.filter(status=PlanStatus.SUBMITTED)
        .filter(scope.q(Action.APPROVE_PLAN, "congress__organization__"))
        .select_related("congress__organization", "congress__term")
    )
    decisions = list(reports_awaiting_decision(user=user))
    ratifications = list(ratifications_awaiting(user=user))
    comments = rounds_awaiting_comment(user=user, today=today)
    to_circulate = list(
        DraftRound.objects.filter(document__congress__in=[c.pk for c in led])
        .exclude(Exists(Circulation.objects.filter(round=OuterRef("pk"))))
        .exclude(
            Exists(
                DraftRound.objects.filter(
                    document_id=OuterRef("document_id"), number__gt=OuterRef("number")
                )
            )
        )
        .select_related("document")
    )
    keeps = scope.q(Action.LEAD, "congress__organization__") | scope.q(
        Action.KEEP_REGISTERS, "congress__organization__"
    )
    unnumbered = list(
        SuperiorReport.objects.filter(decision=Decision.PENDING, congress__opening_date__gte=today)
        .filter(keeps)
        .exclude(
            Exists(
                IssuedDocument.objects.filter(
                    report_kind=str(ReportKind.SUPERIOR_REPORT),
                    object_id=OuterRef("congress_id"),
                    organization_id=OuterRef("congress__organization_id"),
                )
            )
        )
        .select_related("congress__organization", "congress__term")
    )

    # Every congress met above, evaluated once, together.
    subjects: dict[int, Congress] = {c.pk: c for c in congresses}
    for c in [p.congress for p in plans] + [r.congress for r in decisions + unnumbered]:
        subjects.setdefault(c.pk, c)
    evaluated = {e.congress.pk: e for e in evaluate_all(subjects.values(), today=today)}

    tasks: list[Task] = []
    tasks += _lead_tasks(led, evaluated, to_circulate, today)
    tasks += [_approve_plan(p, evaluated[p.congress_id], today) for p in plans]
    tasks += [_decide(r, evaluated[r.congress_id], today) for r in decisions]
    tasks += [_ratify(e, today) for e in ratifications]
    tasks += [_comment(a, today) for a in comments]
    tasks += [_issue_number(r, evaluated[r.congress_id], today) for r in unnumbered]
    tasks += [_dispose(rnd, today) for rnd in _rounds_to_dispose(user, scope)]
    tasks += [_elect_delegates(c, today) for c in _delegates_to_elect(scope, today)]
    tasks.sort(key=_urgency)
    own_set = set(own_ids)
    own = [
        _own(evaluated[c.pk], today) for c in congresses if c.organization_id in own_set or c in led
    ]
    return Worklist(own=own, tasks=tasks, has_roles=bool(own_ids))


def _rounds_to_dispose(user: Any, scope: Any) -> list[DraftRound]:
    """Rounds with comments still awaiting their handling (tiếp thu, giải trình), for whoever
    disposes of them: the organisation's leaders and the congress's documents subcommittee
    (documents.permissions.may_edit_documents). One query; each round carries its count."""
    return list(
        DraftRound.objects.filter(editable_congresses_q(user, scope, "document__congress__"))
        .exclude(document__congress__status__in=FINISHED)
        .annotate(pending=Count("comments", filter=Q(comments__disposition=Disposition.PENDING)))
        .filter(pending__gt=0)
        .select_related("document__congress__organization", "document__congress__term")
        .order_by("document__congress__opening_date", "document__kind", "number")
    )


def _delegates_to_elect(scope: Any, today: dt.date) -> list[Congress]:
    """Congresses of the person's organisations that owe the upper congress its delegates: the
    superior's allocation is issued and gives the organisation seats, the upper congress is
    still ahead, and the election is not recorded yet. One query (the share's figures come
    along as subqueries)."""
    shares = AllocationShare.objects.filter(
        organization_id=OuterRef("organization_id"),
        allocation__issued_on__isnull=False,
        allocation__congress__term_id=OuterRef("term_id"),
        allocation__congress__opening_date__gte=today,
    )
    return list(
        Congress.objects.filter(scope.q(Action.MANAGE_DELEGATES, "organization__"))
        .filter(Exists(shares))
        .exclude(
            Exists(
                DelegateElection.objects.filter(congress=OuterRef("pk"), recorded_at__isnull=False)
            )
        )
        .exclude(status=CongressStatus.POSTPONED)
        .annotate(
            share_seats=Subquery(shares.values("seats")[:1]),
            share_alternates=Subquery(shares.values("alternates")[:1]),
        )
        .select_related("organization", "term")
        .order_by("opening_date", "organization__path")
    )


def _own(e: Evaluated, today: dt.date) -> OwnCongress:
    open_rules = sorted(
        (r for r in e.evaluation.rules.values() if r.status in OPEN_RULES and r.deadline),
        key=lambda r: r.deadline or dt.date.max,
    )
    nxt: RuleResult | None = open_rules[0] if open_rules else None
    return OwnCongress(
        congress=e.congress,
        opening_in=(e.congress.opening_date - today).days,
        next_rule=rule_label(nxt.code, e.params) if nxt else "",
        next_deadline=nxt.deadline if nxt else None,
        next_in=_days(nxt.deadline, today) if nxt else None,
        worst=str(e.evaluation.worst),
        can_open=e.evaluation.can_open,
    )


def _task(kind, what, congress, url, button, deadline, today, note="") -> Task:
    return Task(
        kind=kind,
        what=what,
        subject=str(congress),
        url=url,
        button=button,
        deadline=deadline,
        days_left=_days(deadline, today),
        note=note,
    )


def _lead_tasks(
    led: Sequence[Congress],
    evaluated: dict[int, Evaluated],
    to_circulate: list[DraftRound],
    today: dt.date,
) -> list[Task]:
    """What a secretary (or deputy) owes for the congresses they lead, read from the rules."""
    rounds_by_congress: dict[int, list[DraftRound]] = {}
    for rnd in to_circulate:
        rounds_by_congress.setdefault(rnd.document.congress_id, []).append(rnd)
    tasks = []
    for c in led:
        ev = evaluated[c.pk].evaluation
        detail = reverse("congresses:detail", args=[c.pk])
        r30, r20, ra = ev[RuleCode.R30], ev[RuleCode.R20], ev[RuleCode.RA]
        if c.status == CongressStatus.IN_SESSION:
            if not getattr(c, "has_election", False):  # annotated by worklist_for
                tasks.append(
                    _task(
                        "record_result",
                        _("Ghi kết quả bầu cử"),
                        c,
                        reverse("personnel:results", args=[c.pk]),
                        _("Ghi kết quả"),
                        c.opening_date + dt.timedelta(days=c.days - 1),
                        today,
                    )
                )
            continue
        # A cell without subordinate organisations has no one to circulate to (R30 does not
        # apply): its rounds are discussed in its own meeting, not sent out.
        circulates = r30.status != Status.NOT_APPLICABLE
        for rnd in rounds_by_congress.get(c.pk, []) if circulates else []:
            tasks.append(
                _task(
                    "circulate",
                    _("Gửi lấy ý kiến: %(doc)s — dự thảo lần %(n)s")
                    % {"doc": rnd.document, "n": rnd.number},
                    c,
                    reverse("documents:circulate", args=[rnd.pk]),
                    _("Gửi lấy ý kiến"),
                    r30.deadline if r30.status in OPEN_RULES else None,
                    today,
                    rule_label(RuleCode.R30, ev.params) if r30.status in OPEN_RULES else "",
                )
            )
        if r30.status in OPEN_RULES and c.pk not in rounds_by_congress:
            tasks.append(
                _task(
                    "drafts",
                    _("Trình dự thảo văn kiện và gửi lấy ý kiến cấp dưới"),
                    c,
                    f"{detail}#documents",
                    _("Mở văn kiện"),
                    r30.deadline,
                    today,
                    rule_label(RuleCode.R30, ev.params),
                )
            )
        if ra.status == Status.RETURNED or r20.status in OPEN_RULES:
            returned = ra.status == Status.RETURNED
            tasks.append(
                _task(
                    "report",
                    _("Sửa và báo cáo lại cấp trên")
                    if returned
                    else _("Báo cáo văn kiện và nhân sự lên cấp trên"),
                    c,
                    f"{detail}#report-form",
                    _("Báo cáo cấp trên"),
                    r20.deadline,
                    today,
                    rule_label(RuleCode.R20, ev.params),
                )
            )
        elif ev.can_open and not opening_day_refusals(c.opening_date, today=today):
            tasks.append(
                _task(
                    "open",
                    _("Khai mạc đại hội"),
                    c,
                    detail,
                    _("Mở đại hội"),
                    c.opening_date,
                    today,
                )
            )
    return tasks


def _approve_plan(plan: PersonnelPlan, e: Evaluated, today: dt.date) -> Task:
    r20 = e.evaluation[RuleCode.R20]
    return _task(
        "approve_plan",
        _("Duyệt phương án nhân sự (phiên bản %(v)s)") % {"v": plan.version},
        plan.congress,
        reverse("personnel:plan", args=[plan.congress_id]),
        _("Xem và duyệt"),
        r20.deadline if r20.status in OPEN_RULES else None,
        today,
        rule_label(RuleCode.R20, e.params),
    )


def _decide(report: SuperiorReport, e: Evaluated, today: dt.date) -> Task:
    return _task(
        "decide",
        _("Cho ý kiến về báo cáo của cấp dưới"),
        report.congress,
        reverse("congresses:decide", args=[report.pk]),
        _("Cho ý kiến"),
        e.evaluation[RuleCode.RA].deadline,
        today,
        _("Báo cáo ngày %(d)s") % {"d": report.official_date.strftime("%d/%m/%Y")},
    )


def _ratify(election: ElectionResult, today: dt.date) -> Task:
    return _task(
        "ratify",
        _("Chuẩn y kết quả bầu cử"),
        election.congress,
        reverse("personnel:ratify", args=[election.congress_id]),
        _("Chuẩn y"),
        None,
        today,
        _("Đề nghị ngày %(d)s") % {"d": _ddmmyyyy(election.ratification_requested_on)},
    )


def _comment(awaiting, today: dt.date) -> Task:
    circ = awaiting.circulation
    rnd = circ.round
    return _task(
        "comment",
        _("Góp ý: %(doc)s — dự thảo lần %(n)s") % {"doc": rnd.document, "n": rnd.number},
        rnd.document.congress,
        reverse("documents:round", args=[rnd.pk]),
        _("Góp ý"),
        circ.comment_deadline,
        today,
        _("Thay mặt %(org)s") % {"org": awaiting.organization.name}
        if awaiting.organization
        else "",
    )


def _dispose(rnd: DraftRound, today: dt.date) -> Task:
    pending = getattr(rnd, "pending", 0)  # annotated by _rounds_to_dispose
    return _task(
        "dispose",
        _("Tiếp thu, giải trình ý kiến góp ý: %(doc)s — dự thảo lần %(n)s")
        % {"doc": rnd.document, "n": rnd.number},
        rnd.document.congress,
        reverse("documents:round", args=[rnd.pk]) + "#comments",
        _("Xử lý góp ý"),
        None,  # no rule dates the handling; the round's page lists what is left
        today,
        ngettext("%(n)s ý kiến chờ xử lý", "%(n)s ý kiến chờ xử lý", pending) % {"n": pending},
    )


def _elect_delegates(congress: Congress, today: dt.date) -> Task:
    return _task(
        "elect_delegates",
        _("Bầu đại biểu dự đại hội cấp trên"),
        congress,
        reverse("delegates:election", args=[congress.pk]),
        _("Bầu đại biểu"),
        congress.opening_date + dt.timedelta(days=congress.days - 1),
        today,
        _("Được phân bổ %(seats)s đại biểu chính thức, %(alternates)s dự khuyết")
        % {
            "seats": getattr(congress, "share_seats", 0),
            "alternates": getattr(congress, "share_alternates", 0),
        },
    )


def _issue_number(report: SuperiorReport, e: Evaluated, today: dt.date) -> Task:
    return _task(
        "issue_number",
        _("Cấp số báo cáo gửi cấp trên"),
        report.congress,
        reverse("congresses:detail", args=[report.congress_id]) + "#report-links",
        _("Cấp số"),
        None,
        today,
        _("Báo cáo ngày %(d)s") % {"d": report.official_date.strftime("%d/%m/%Y")},
    )
