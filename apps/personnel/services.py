"""Personnel plans through their approval, election results, and ratification by the superior."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils.translation import gettext as _

from apps.audit.services import audit_record
from apps.congresses.handoffs import (
    Handoff,
    handoff_notify,
    organization_people,
    superior_followers,
)
from apps.congresses.models import OPEN_OR_LATER, Congress, CongressStatus
from apps.congresses.rules import CommitteeSize, first_meeting_refusals, follow_up_due
from apps.congresses.services import congress_advance
from apps.core.dates import local_today
from apps.core.errors import DomainError, PermissionDenied
from apps.core.text import fold
from apps.notifications.services import notifications_resolve
from apps.organizations.audiences import Audience
from apps.organizations.models import Membership, Role
from apps.organizations.permissions import Action, may
from apps.organizations.services import membership_add

from .composition import surplus_problems
from .convened_base import convened_figures
from .elections import Tally, tally
from .models import (
    TRANSITIONS,
    Candidate,
    CandidateVote,
    ElectionResult,
    FollowUpKind,
    FollowUpTask,
    NonReelection,
    PersonnelPlan,
    PlanStatus,
    PlanStep,
    Post,
    Ratification,
)
from .permissions import may_edit_plan

CANDIDATE_FIELDS = (
    "full_name",
    "birth_date",
    "sex",
    "ethnicity",
    "current_post",
    "is_incumbent",
    "proposed_posts",
)


def _require_editor(actor: Any, congress: Congress) -> None:
    if not may_edit_plan(actor, congress):
        raise PermissionDenied(
            _("Chỉ Bí thư, Phó Bí thư và Tiểu ban Nhân sự được lập phương án nhân sự.")
        )


def current_plan(congress: Congress) -> PersonnelPlan | None:
    return congress.personnel_plans.order_by("-version").first()


@transaction.atomic
def plan_save(
    *,
    actor: Any,
    congress: Congress,
    seats: int,
    standing_seats: int = 0,
    deputy_posts: int = 1,
    inspection_seats: int = 0,
    candidates: Sequence[dict],
    note: str = "",
) -> PersonnelPlan:
    """Write the plan's figures and list. An editable version (draft or returned) is updated in
    place; after approval a new version starts, so the approved one stays as it was reported."""
    congress = Congress.objects.select_for_update().get(pk=congress.pk)
    _require_editor(actor, congress)
    if congress.status in OPEN_OR_LATER:
        raise DomainError(_("Đại hội đã khai mạc; không sửa phương án nhân sự."))
    if standing_seats > seats:
        raise DomainError(
            _("Số Ủy viên Ban Thường vụ không được vượt số cấp ủy viên."), field="standing_seats"
        )
    plan = current_plan(congress)
    if plan is None or not plan.is_editable:
        version = (congress.personnel_plans.aggregate(v=Max("version"))["v"] or 0) + 1
        plan = PersonnelPlan(congress=congress, version=version, created_by=actor)
        plan.status = PlanStatus.DRAFT
    plan.seats, plan.standing_seats = seats, standing_seats
    plan.deputy_posts, plan.inspection_seats, plan.note = deputy_posts, inspection_seats, note
    plan.save()
    plan.candidates.all().delete()
    Candidate.objects.bulk_create(
        [
            Candidate(
                plan=plan, position=i + 1, **{k: row[k] for k in CANDIDATE_FIELDS if k in row}
            )
            for i, row in enumerate(candidates)
        ]
    )
    audit_record(
        actor=actor,
        verb="plan.save",
        target=plan,
        organization=congress.organization,
        version=plan.version,
        seats=seats,
        candidates=len(candidates),
    )
    return plan


@transaction.atomic
def plan_transition(
    *,
    plan: PersonnelPlan,
    to: str,
    by: Any,
    note: str = "",
    meeting_date: dt.date | None = None,
    votes_for: int | None = None,
    votes_total: int | None = None,
) -> PersonnelPlan:
    """Move the plan along draft → submitted → approved / returned (TRANSITIONS).

    Submitting needs the list's surplus to be lawful; only the organisation's own standing
    committee (a cell's committee) approves or returns, and returning needs a note.
    """
    plan = (
        PersonnelPlan.objects.select_for_update()
        .select_related("congress__organization", "congress__term__rule_set")
        .get(pk=plan.pk)
    )
    congress = plan.congress
    if to not in TRANSITIONS[plan.status]:
        raise DomainError(
            _("Không thể chuyển phương án từ “%(a)s” sang “%(b)s”.")
            % {"a": PlanStatus(plan.status).label, "b": PlanStatus(to).label}
        )
    if to == PlanStatus.SUBMITTED:
        _require_editor(by, congress)
        problems = surplus_problems(
            candidates=plan.candidates.count(),
            seats=plan.seats,
            cap_percent=congress.term.rule_set.surplus_cap_percent,
        )
        if problems:
            raise DomainError(_("Danh sách nhân sự chưa đúng quy định."), problems)
    else:
        if not may(by, Action.APPROVE_PLAN, congress):
            raise PermissionDenied(_("Chỉ Ban Thường vụ của tổ chức được duyệt phương án nhân sự."))
        if to == PlanStatus.RETURNED and not note.strip():
            raise DomainError(_("Trả lại phương án cần ghi rõ ý kiến."), field="note")
        if to == PlanStatus.APPROVED:
            if meeting_date is None:
                raise DomainError(
                    _("Cần ghi ngày họp Ban Thường vụ duyệt phương án."), field="meeting_date"
                )
            if meeting_date > local_today():
                raise DomainError(_("Ngày họp không được sau ngày hôm nay."), field="meeting_date")
            if votes_for is not None and votes_total is not None and votes_for > votes_total:
                raise DomainError(
                    _("Số phiếu tán thành không được lớn hơn số dự họp."), field="votes_for"
                )
            plan.approved_meeting_date = meeting_date
            plan.votes_for, plan.votes_total = votes_for, votes_total
    step = PlanStep.objects.create(
        plan=plan, from_status=plan.status, to_status=to, by=by, note=note
    )
    plan.status = to
    plan.save()
    audit_record(
        actor=by,
        verb=f"plan.{to}",
        target=plan,
        organization=congress.organization,
        version=plan.version,
        note=note,
        meeting_date=meeting_date,
        step=step.pk,
    )
    _plan_notices(plan, step=step, by=by, note=note)
    return plan


def _plan_notices(plan: PersonnelPlan, *, step: PlanStep, by: Any, note: str) -> None:
    """Submitted: the standing committee (a cell's committee) is asked to decide. Decided: the
    leaders who drafted it hear the answer; a return asks them to submit again."""
    congress, today = plan.congress, local_today()
    words = {
        "key": f"plan:{plan.pk}:step:{step.pk}",
        "actor": by,
        "url": reverse("personnel:plan", args=[congress.pk]),
        "congress": congress,
        "version": plan.version,
        "note": note.strip() or "—",
    }
    if plan.status == PlanStatus.SUBMITTED:
        notifications_resolve(f"plan:{plan.pk}:resubmit")
        handoff_notify(
            Handoff.PLAN_SUBMITTED,
            to=organization_people(congress, Audience.STANDING, on=today),
            todo=f"plan:{plan.pk}:decide",
            **words,
        )
        return
    notifications_resolve(f"plan:{plan.pk}:decide")
    drafters = organization_people(congress, Audience.LEADERS, on=today) | {plan.created_by_id}
    if plan.status == PlanStatus.APPROVED:
        handoff_notify(Handoff.PLAN_APPROVED, to=drafters, **words)
    elif plan.status == PlanStatus.RETURNED:
        handoff_notify(Handoff.PLAN_RETURNED, to=drafters, todo=f"plan:{plan.pk}:resubmit", **words)


def approved_plan(congress: Congress) -> PersonnelPlan | None:
    plan = current_plan(congress)
    return plan if plan and plan.status == PlanStatus.APPROVED else None


@transaction.atomic
def results_record(
    *,
    actor: Any,
    congress: Congress,
    summoned: int | None,
    excused: int | None,
    ballots_issued: int,
    ballots_valid: int,
    votes: dict[int, int],
    election_date: dt.date | None = None,
    counting_board_head: str = "",
    counting_board_members: str = "",
    today: dt.date | None = None,
) -> tuple[ElectionResult, Tally]:
    """Record the election at the congress and compute who is elected (> ½ of the base).

    The election day (the minutes' date) lies within the congress's days and not in the
    future; when not given it is the opening day. The counting board signs the minutes.
    When the congress's attendance is recorded in the portal the base is read from it
    (convened_base.recorded_base) and the rule set's attendance quorum must be met; typed
    figures that contradict the record are refused."""
    today = today or local_today()
    congress = Congress.objects.select_for_update().get(pk=congress.pk)
    if not may(actor, Action.LEAD, congress):
        raise PermissionDenied(_("Bạn không có quyền ghi kết quả đại hội này."))
    if congress.status != CongressStatus.IN_SESSION:
        raise DomainError(_("Chỉ ghi kết quả bầu cử khi đại hội đang họp."))
    election_date = election_date or congress.opening_date
    last_day = congress.opening_date + dt.timedelta(days=congress.days - 1)
    if not congress.opening_date <= election_date <= last_day:
        raise DomainError(
            _("Ngày bầu cử phải trong những ngày đại hội họp (%(first)s – %(last)s).")
            % {
                "first": congress.opening_date.strftime("%d/%m/%Y"),
                "last": last_day.strftime("%d/%m/%Y"),
            },
            field="election_date",
        )
    if election_date > today:
        raise DomainError(_("Ngày bầu cử không được sau ngày hôm nay."), field="election_date")
    plan = approved_plan(congress)
    if plan is None:
        raise DomainError(_("Đại hội chưa có phương án nhân sự được duyệt."))
    summoned, excused = convened_figures(congress, summoned, excused)
    if excused > summoned:
        raise DomainError(_("Số được trừ không được lớn hơn số triệu tập."), field="excused")
    if ballots_valid > ballots_issued or ballots_issued > summoned - excused:
        raise DomainError(_("Số phiếu không hợp lệ: phiếu hợp lệ ≤ phiếu phát ra ≤ số đại biểu."))
    candidates = {c.pk: c for c in plan.candidates.all()}
    unknown = set(votes) - set(candidates)
    if unknown or any(v < 0 or v > ballots_valid for v in votes.values()):
        raise DomainError(_("Số phiếu của người ứng cử không hợp lệ."))
    result, _created = ElectionResult.objects.update_or_create(
        congress=congress,
        defaults={
            "plan": plan,
            "summoned": summoned,
            "excused": excused,
            "ballots_issued": ballots_issued,
            "ballots_valid": ballots_valid,
            "recorded_by": actor,
            "election_date": election_date,
            "counting_board_head": counting_board_head.strip(),
            "counting_board_members": counting_board_members.strip(),
        },
    )
    counted = tally(base=summoned - excused, seats=plan.seats, votes=votes)
    result.votes.all().delete()
    CandidateVote.objects.bulk_create(
        [
            CandidateVote(result=result, candidate_id=cid, votes=n, elected=cid in counted.elected)
            for cid, n in votes.items()
        ]
    )
    audit_record(
        actor=actor,
        verb="election.record",
        target=result,
        organization=congress.organization,
        base=result.base,
        needed=counted.needed,
        elected=len(counted.elected),
        tie=len(counted.tie),
    )
    handoff_notify(
        Handoff.RESULT_RECORDED,
        key=f"congress:{congress.pk}:result:{result.pk}",
        to=superior_followers(congress, on=local_today())
        | organization_people(congress, Audience.ANSWERING, on=local_today()),
        actor=actor,
        # The congress page, not the results form: the superior and the office are told too,
        # and only the organisation's leaders may open the form (the others met a 403).
        url=reverse("congresses:detail", args=[congress.pk]) + "#personnel",
        congress=congress,
        elected=len(counted.elected),
    )
    if not counted.tie and counted.seats_left == 0:
        congress_advance(congress, CongressStatus.CLOSED)
    return result, counted


@transaction.atomic
def first_meeting_record(
    *,
    actor: Any,
    congress: Congress,
    meeting_date: dt.date,
    posts: dict[int, str],
    today: dt.date | None = None,
) -> ElectionResult:
    """The new committee's first meeting: standing committee, secretary, deputies (among the
    elected), then ratification is requested from the superior. Its rules (congresses.rules:
    first_meeting_refusals) refuse, with every reason, a meeting before the opening or in the
    future, other than exactly one secretary, or more posts than the plan's seats."""
    today = today or local_today()
    result = (
        ElectionResult.objects.select_for_update().select_related("plan").get(congress=congress)
    )
    if not may(actor, Action.LEAD, congress):
        raise PermissionDenied(_("Bạn không có quyền ghi kết quả đại hội này."))
    elected = {v.candidate_id: v for v in result.votes.filter(elected=True)}
    if set(posts) - set(elected):
        raise DomainError(_("Chỉ bầu chức danh trong số cấp ủy viên trúng cử."))
    plan = result.plan
    reasons = first_meeting_refusals(
        meeting_date=meeting_date,
        opening_date=congress.opening_date,
        today=today,
        posts=posts.values(),
        size=CommitteeSize(
            seats=plan.seats,
            standing_seats=plan.standing_seats,
            deputy_posts=plan.deputy_posts,
            inspection_seats=plan.inspection_seats,
        ),
    )
    if reasons:
        raise DomainError(reasons[0], reasons)
    for cid, vote in elected.items():
        vote.post = posts.get(cid, Post.COMMITTEE)
    CandidateVote.objects.bulk_update(elected.values(), ["post"])
    result.first_meeting_date = meeting_date
    result.ratification_requested_on = today
    result.save(update_fields=["first_meeting_date", "ratification_requested_on"])
    congress_advance(congress, CongressStatus.CLOSED)
    audit_record(
        actor=actor,
        verb="election.first_meeting",
        target=result,
        organization=congress.organization,
        meeting_date=meeting_date,
    )
    handoff_notify(
        Handoff.RATIFICATION_REQUESTED,
        key=f"congress:{congress.pk}:ratification-requested",
        to=superior_followers(congress, on=local_today()),
        actor=actor,
        url=reverse("personnel:ratify", args=[congress.pk]),
        todo=f"congress:{congress.pk}:ratify",
        congress=congress,
        date=meeting_date,
    )
    return result


POST_ROLE = {
    Post.SECRETARY: Role.SECRETARY,
    Post.DEPUTY: Role.DEPUTY_SECRETARY,
    Post.STANDING: Role.STANDING_MEMBER,
    Post.COMMITTEE: Role.COMMITTEE_MEMBER,
}
COMMITTEE_ROLES = tuple(POST_ROLE.values())


@transaction.atomic
def ratify(
    *,
    actor: Any,
    congress: Congress,
    decision_number: str,
    decision_date: dt.date,
    policy_note: str = "",
    today: dt.date | None = None,
) -> Ratification:
    """The direct superior ratifies (chuẩn y) the elected committee. The organisation's committee
    memberships then follow the result: the old committee's end the day before the decision,
    the elected get theirs from it, and members not re-elected are recorded with the policy."""
    today = today or local_today()
    congress = (
        Congress.objects.select_for_update()
        .select_related("organization", "term")
        .get(pk=congress.pk)
    )
    if not may(actor, Action.SUPERVISE, congress):
        raise PermissionDenied(_("Chỉ Ban Thường vụ cấp ủy cấp trên trực tiếp được chuẩn y."))
    result = ElectionResult.objects.filter(congress=congress).first()
    if result is None or result.first_meeting_date is None:
        raise DomainError(_("Chưa có kết quả bầu cử và hội nghị lần thứ nhất để chuẩn y."))
    if hasattr(congress, "ratification"):
        raise DomainError(_("Kết quả đại hội đã được chuẩn y."))
    if not decision_number.strip():
        raise DomainError(_("Cần ghi số quyết định chuẩn y."), field="decision_number")
    if decision_date > today or decision_date < result.first_meeting_date:
        raise DomainError(
            _("Ngày quyết định phải từ ngày hội nghị lần thứ nhất đến hôm nay."),
            field="decision_date",
        )
    ratification = Ratification.objects.create(
        congress=congress,
        decision_number=decision_number.strip(),
        decision_date=decision_date,
        ratified_by=actor,
    )
    org = congress.organization
    elected = list(result.votes.filter(elected=True).select_related("candidate__user"))
    old = list(
        Membership.objects.active(decision_date)
        .filter(organization=org, role__in=COMMITTEE_ROLES)
        .select_related("user")
    )
    kept_users = set()
    for vote in elected:
        user = vote.candidate.user or _user_for(vote.candidate)
        kept_users.add(user.pk)
    end = decision_date - dt.timedelta(days=1)
    for membership in old:
        membership.end_date = max(end, membership.start_date)
        membership.save(update_fields=["end_date"])
        if membership.user_id not in kept_users:
            NonReelection.objects.get_or_create(
                organization=org,
                term=congress.term,
                user=membership.user,
                defaults={"policy": policy_note},
            )
    for vote in elected:
        user = vote.candidate.user or _user_for(vote.candidate)
        membership_add(
            actor=actor,
            user=user,
            organization=org,
            role=POST_ROLE[Post(vote.post)],
            start_date=decision_date,
            title=vote.candidate.current_post,
            check_permission=False,
        )
        if (
            vote.post != Post.COMMITTEE
            and not Membership.objects.filter(
                user=user, organization=org, role=Role.COMMITTEE_MEMBER, end_date__isnull=True
            ).exists()
        ):
            membership_add(
                actor=actor,
                user=user,
                organization=org,
                role=Role.COMMITTEE_MEMBER,
                start_date=decision_date,
                check_permission=False,
            )
    days = congress.term.rule_set.follow_up_days or {}
    FollowUpTask.objects.bulk_create(
        [
            FollowUpTask(
                congress=congress, kind=kind, due_date=follow_up_due(decision_date, kind, days)
            )
            for kind in FollowUpKind.values
        ],
        ignore_conflicts=True,
    )
    congress_advance(congress, CongressStatus.RATIFIED)
    audit_record(
        actor=actor,
        verb="congress.ratify",
        target=ratification,
        organization=org,
        decision_number=decision_number,
        decision_date=decision_date,
        elected=len(elected),
    )
    notifications_resolve(f"congress:{congress.pk}:ratify")
    handoff_notify(
        Handoff.RATIFIED,
        key=f"congress:{congress.pk}:ratified",
        # The committee as ratified (from the decision's date) and the office.
        to=organization_people(congress, Audience.ANSWERING, on=max(today, decision_date)),
        actor=actor,
        url=reverse("congresses:detail", args=[congress.pk]),
        congress=congress,
        number=ratification.decision_number,
        date=decision_date,
    )
    return ratification


def _user_for(candidate: Candidate):
    """An account for an elected person who has none: unusable password until they set one."""
    User = get_user_model()
    base = fold(candidate.full_name).replace(" ", ".") or "dangvien"
    username, n = base, 1
    while User.objects.filter(username=username).exists():
        n += 1
        username = f"{base}{n}"
    user = User.objects.create_user(
        username=username, full_name=candidate.full_name, birth_date=candidate.birth_date
    )
    user.set_unusable_password()
    user.save(update_fields=["password"])
    candidate.user = user
    candidate.save(update_fields=["user"])
    return user


@transaction.atomic
def follow_up_done(*, actor: Any, task: FollowUpTask, done_on: dt.date) -> FollowUpTask:
    congress = task.congress
    if not may(actor, Action.LEAD, congress):
        raise PermissionDenied(_("Bạn không có quyền cập nhật việc sau đại hội."))
    if done_on > local_today():
        raise DomainError(_("Ngày hoàn thành không được sau ngày hôm nay."), field="done_on")
    task.done_on = done_on
    task.save(update_fields=["done_on"])
    if not congress.follow_ups.filter(done_on__isnull=True).exists():
        congress_advance(congress, CongressStatus.FOLLOWUP_DONE)
    audit_record(
        actor=actor,
        verb="follow_up.done",
        target=task,
        organization=congress.organization,
        kind=task.kind,
    )
    return task
