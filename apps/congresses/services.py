"""State changes of congresses: schedule, edit, postpone, open, lessons meeting, supervision,
the report to the superior and its decision. Each checks permission and the rules, writes an
audit row, and runs in one transaction; views, the API and tasks only call these."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.audit.services import audit_record
from apps.core.dates import local_today
from apps.core.errors import DomainError, PermissionDenied
from apps.notifications.services import notifications_resolve
from apps.organizations.audiences import Audience, audience_memberships
from apps.organizations.models import Organization
from apps.organizations.permissions import Action, may
from apps.organizations.tree import parent_path

from .deadlines import RuleCode
from .facts import evaluate_congress
from .handoffs import (
    Handoff,
    decision_recipients,
    handoff_notify,
    organization_people,
    rule_todo,
    rule_todos,
    superior_followers,
)
from .models import (
    Congress,
    CongressStatus,
    Decision,
    DocumentKind,
    LessonsMeeting,
    SuperiorReport,
    SupervisionAssignment,
    Term,
)
from .official_dates import official_date_check
from .rule_wording import plan_approver
from .rules import lessons_meeting_refusals, opening_date_refusals, opening_day_refusals


class RuleViolation(DomainError):
    """A rule (R30, R20, RA, pilots…) forbids the action; `reasons` says which and why."""


# The lifecycle of docs/domain.md §5; automatic progress only ever moves forward along it.
LIFECYCLE = [
    CongressStatus.PLANNED,
    CongressStatus.PREPARING,
    CongressStatus.DRAFTS_CIRCULATED,
    CongressStatus.REPORTED,
    CongressStatus.RETURNED,
    CongressStatus.APPROVED,
    CongressStatus.CONVENED,
    CongressStatus.IN_SESSION,
    CongressStatus.CLOSED,
    CongressStatus.RATIFIED,
    CongressStatus.FOLLOWUP_DONE,
]


RESUMING = frozenset({CongressStatus.POSTPONED, CongressStatus.RETURNED})


def congress_advance(congress: Congress, to: str) -> None:
    """Move the status forward (never back), e.g. to "drafts circulated" on first circulation.

    A postponed congress, and one whose report came back (returned), resume the lifecycle on
    their next step, whatever it is; only the superior's return moves a congress back.
    """
    current = congress.status
    if current in RESUMING or LIFECYCLE.index(CongressStatus(to)) > LIFECYCLE.index(
        CongressStatus(current)
    ):
        congress.status = to
        congress.save(update_fields=["status"])


def _require(actor: Any, action: Action, obj: Any, message: str) -> None:
    if not may(actor, action, obj):
        raise PermissionDenied(message)


@transaction.atomic
def congress_schedule(
    *,
    actor: Any,
    organization: Organization,
    term: Term,
    ordinal: str,
    opening_date: dt.date,
    kind: str,
    days: int = 1,
    place: str = "",
    delegate_count: int | None = None,
    is_pilot: bool = False,
    today: dt.date | None = None,
) -> Congress:
    """Schedule the congress of an organisation (its secretary, or the office keeping registers).

    The opening date may not be in the past (rules.opening_date_refusals); the web form, the API
    and the demo all come through here."""
    if not (
        may(actor, Action.LEAD, organization) or may(actor, Action.KEEP_REGISTERS, organization)
    ):
        raise PermissionDenied(_("Bạn không có quyền lập lịch đại hội cho tổ chức này."))
    _check_opening_date(opening_date, today=today or local_today())
    if Congress.objects.filter(organization=organization, term=term, ordinal=ordinal).exists():
        raise DomainError(
            _("Tổ chức này đã có đại hội lần thứ %(o)s trong nhiệm kỳ %(t)s.")
            % {
                "o": ordinal,
                "t": term,
            }
        )
    try:
        with transaction.atomic():
            congress = Congress.objects.create(
                organization=organization,
                term=term,
                ordinal=ordinal,
                opening_date=opening_date,
                kind=kind,
                days=days,
                place=place,
                delegate_count=delegate_count,
                is_pilot=is_pilot,
            )
    except IntegrityError as exc:
        raise DomainError(_("Tổ chức này đã có đại hội này trong nhiệm kỳ.")) from exc
    audit_record(
        actor=actor,
        verb="congress.schedule",
        target=congress,
        organization=organization,
        opening_date=opening_date,
        term=term.code,
    )
    return congress


EDITABLE_FIELDS = (
    "ordinal",
    "kind",
    "opening_date",
    "days",
    "place",
    "delegate_count",
    "is_pilot",
    "announced_on",
)


def _check_opening_date(
    opening_date: dt.date, *, today: dt.date, previous: dt.date | None = None, field: str = ""
) -> None:
    refusals = opening_date_refusals(opening_date, today=today, previous=previous)
    if refusals:
        raise DomainError(refusals[0], refusals, field=field or "opening_date")


@transaction.atomic
def congress_update(
    *, actor: Any, congress: Congress, today: dt.date | None = None, **changes: Any
) -> Congress:
    """Edit the congress. Moving the opening date re-evaluates every rule (the caller shows the
    new evaluation and warns when the new date is unlawful) and may not move it into the past;
    an opened congress is frozen. Recording the convening notice (`announced_on`) convenes it."""
    congress = Congress.objects.select_for_update().get(pk=congress.pk)
    _require(actor, Action.LEAD, congress, _("Bạn không có quyền sửa đại hội này."))
    if congress.is_open_or_later:
        raise DomainError(_("Đại hội đã khai mạc, không sửa được thông tin lịch."))
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise DomainError(_("Không sửa được: %(f)s.") % {"f": ", ".join(sorted(unknown))})
    if "opening_date" in changes:
        _check_opening_date(
            changes["opening_date"],
            today=today or local_today(),
            previous=congress.opening_date,
        )
    before = {name: getattr(congress, name) for name in changes}
    for name, value in changes.items():
        setattr(congress, name, value)
    congress.save()
    if congress.announced_on:  # the convening notice is out: its reminders are answered
        notifications_resolve(rule_todo(congress.pk, RuleCode.ANNOUNCE))
        if changes.get("announced_on") and _superior_agreed(congress):
            congress_advance(congress, CongressStatus.CONVENED)  # approved, then announced
    diff = {k: [before[k], v] for k, v in changes.items() if before[k] != v}
    if diff:
        audit_record(
            actor=actor,
            verb="congress.update",
            target=congress,
            organization=congress.organization,
            **{k: [_plain(a), _plain(b)] for k, (a, b) in diff.items()},
        )
    return congress


def _superior_agreed(congress: Congress) -> bool:
    latest = congress.superior_reports.order_by("-submitted_at", "-id").first()
    return latest is not None and latest.decision == Decision.APPROVED


def _plain(value: Any) -> Any:
    return value.isoformat() if hasattr(value, "isoformat") else value


@transaction.atomic
def congress_postpone(
    *,
    actor: Any,
    congress: Congress,
    new_date: dt.date,
    reason: str,
    today: dt.date | None = None,
) -> Congress:
    """Postpone to a new date (any state before opening), never into the past; every rule is
    re-evaluated for it."""
    congress = Congress.objects.select_for_update().get(pk=congress.pk)
    _require(actor, Action.LEAD, congress, _("Bạn không có quyền hoãn đại hội này."))
    if congress.is_open_or_later:
        raise DomainError(_("Đại hội đã khai mạc, không hoãn được."))
    _check_opening_date(new_date, today=today or local_today(), field="new_date")
    if not reason.strip():
        raise DomainError(_("Cần nêu lý do hoãn đại hội."), field="reason")
    old = congress.opening_date
    congress.opening_date = new_date
    congress.status = CongressStatus.POSTPONED
    congress.save(update_fields=["opening_date", "status"])
    audit_record(
        actor=actor,
        verb="congress.postpone",
        target=congress,
        organization=congress.organization,
        old_date=old,
        new_date=new_date,
        reason=reason,
    )
    return congress


@transaction.atomic
def congress_open(*, actor: Any, congress: Congress, today: dt.date | None = None) -> Congress:
    """Mark the congress opened. Refused, with every reason, while any rule fails (R30, R20,
    RA, pilots first, announcement) or before the opening date."""
    today = today or local_today()
    congress = Congress.objects.select_for_update().get(pk=congress.pk)
    _require(actor, Action.LEAD, congress, _("Bạn không có quyền khai mạc đại hội này."))
    if congress.is_open_or_later:
        raise DomainError(_("Đại hội đã khai mạc."))
    evaluated = evaluate_congress(congress, today=today)
    reasons = opening_day_refusals(congress.opening_date, today=today)
    reasons += evaluated.evaluation.reasons
    if reasons:
        raise RuleViolation(_("Chưa thể khai mạc đại hội."), reasons)
    congress.status = CongressStatus.IN_SESSION
    congress.opened_at = timezone.now()
    congress.save(update_fields=["status", "opened_at"])
    audit_record(
        actor=actor, verb="congress.open", target=congress, organization=congress.organization
    )
    notifications_resolve(*rule_todos(congress.pk, *RuleCode))  # nothing is owed any more
    handoff_notify(
        Handoff.CONGRESS_OPENED,
        key=f"congress:{congress.pk}:opened",
        to=superior_followers(congress, on=today)
        | organization_people(congress, Audience.ANSWERING, on=today),
        actor=actor,
        url=reverse("congresses:detail", args=[congress.pk]),
        congress=congress,
        date=today,
    )
    return congress


@transaction.atomic
def lessons_meeting_record(
    *,
    actor: Any,
    organization: Organization,
    term: Term,
    held_on: dt.date | None,
    notes: str = "",
    today: dt.date | None = None,
) -> LessonsMeeting:
    """Choose pilots for the term (held_on None) or record the lessons-learned meeting.

    Until it is recorded, the non-pilot subordinates of `organization` may not open.
    """
    _require(
        actor,
        Action.LEAD,
        organization,
        _("Bạn không có quyền ghi nhận hội nghị rút kinh nghiệm của tổ chức này."),
    )
    refusals = lessons_meeting_refusals(held_on, today=today or local_today())
    if refusals:
        raise DomainError(refusals[0], refusals, field="held_on")
    meeting, _created = LessonsMeeting.objects.update_or_create(
        organization=organization, term=term, defaults={"held_on": held_on, "notes": notes}
    )
    audit_record(
        actor=actor,
        verb="lessons_meeting.record",
        target=meeting,
        organization=organization,
        held_on=held_on,
    )
    return meeting


@transaction.atomic
def supervision_assign(
    *, actor: Any, organization: Organization, term: Term, supervisor: Any
) -> SupervisionAssignment:
    """Assign a standing member of the direct superior to guide a subordinate's congress."""
    _require(
        actor,
        Action.SUPERVISE,
        organization,
        _("Chỉ Ban Thường vụ cấp trên trực tiếp được phân công phụ trách."),
    )
    superior_path = parent_path(organization.path)
    is_standing = (
        audience_memberships(Audience.STANDING, on=local_today())
        .filter(user=supervisor, organization__path=superior_path)
        .exists()
    )
    if not is_standing:
        raise DomainError(_("Người được phân công phải là Ủy viên Ban Thường vụ cấp trên."))
    assignment, _created = SupervisionAssignment.objects.get_or_create(
        organization=organization, term=term, supervisor=supervisor
    )
    audit_record(
        actor=actor,
        verb="supervision.assign",
        target=assignment,
        organization=organization,
        supervisor=supervisor.username,
    )
    return assignment


def superior_report_refusal(latest: SuperiorReport | None) -> str | None:
    """Why no (new) report to the superior can be sent after `latest`, the newest one: it awaits
    the superior's decision, or was approved. None: none yet, or the latest was returned. The
    congress page asks it too, so it offers no form that could only be refused."""
    if latest and latest.decision == Decision.PENDING:
        return _("Báo cáo trước đang chờ cấp trên cho ý kiến.")
    if latest and latest.decision == Decision.APPROVED:
        return _("Cấp trên đã đồng ý; không cần báo cáo lại.")
    return None


@transaction.atomic
def superior_report_submit(
    *,
    actor: Any,
    congress: Congress,
    official_date: dt.date | None = None,
    reason: str = "",
    note: str = "",
    today: dt.date | None = None,
) -> SuperiorReport:
    """Report the documents and personnel plan to the direct superior (R20 reads the date).

    A report already awaiting a decision or approved cannot be submitted again; a returned one
    must be.
    """
    today = today or local_today()
    congress = Congress.objects.select_for_update().get(pk=congress.pk)
    # The office may enter a report that went out on paper (with its official date).
    if not (may(actor, Action.LEAD, congress) or may(actor, Action.KEEP_REGISTERS, congress)):
        raise PermissionDenied(_("Bạn không có quyền báo cáo cấp trên cho đại hội này."))
    if congress.is_open_or_later:
        raise DomainError(_("Đại hội đã khai mạc."))
    refusal = superior_report_refusal(
        congress.superior_reports.order_by("-submitted_at", "-id").first()
    )
    if refusal:
        raise DomainError(refusal)
    plan, rounds = _report_bundle(congress)
    date = official_date_check(
        actor=actor,
        organization=congress.organization,
        official_date=official_date,
        reason=reason,
        today=today,
    )
    report = SuperiorReport.objects.create(
        congress=congress,
        official_date=date,
        backdate_reason=reason,
        submitted_by=actor,
        note=note,
        plan=plan,
    )
    report.rounds.set(rounds)
    congress_advance(congress, CongressStatus.REPORTED)
    audit_record(
        actor=actor,
        verb="superior_report.submit",
        target=report,
        organization=congress.organization,
        official_date=date,
        reason=reason,
    )
    # The report answers a return and the R20 reminders (on time or late, it is done).
    notifications_resolve(f"congress:{congress.pk}:report", rule_todo(congress.pk, RuleCode.R20))
    handoff_notify(
        Handoff.REPORT_SUBMITTED,
        key=f"report:{report.pk}:submitted",
        to=superior_followers(congress, on=today),
        actor=actor,
        url=reverse("congresses:decide", args=[report.pk]),
        todo=f"report:{report.pk}:decide",
        congress=congress,
        org=congress.organization,
        date=date,
    )
    return report


def _report_bundle(congress: Congress) -> tuple[Any, list]:
    """What the report carries (R20): the approved personnel plan and the current round of each
    required document. Refused, with every gap named, when something is missing."""
    problems = []
    plan = congress.personnel_plans.order_by("-version").first()
    if plan is None or plan.status != "approved":
        problems.append(
            _("Phương án nhân sự chưa được %(body)s duyệt.")
            % {"body": plan_approver(congress.organization.has_standing_committee)}
        )
    required = congress.term.rule_set.required_document_kinds or []
    rounds = []
    for document in congress.documents.filter(kind__in=required).prefetch_related("rounds"):
        latest = max(document.rounds.all(), key=lambda r: r.number, default=None)
        if latest:
            rounds.append(latest)
    have = {r.document.kind for r in rounds}
    for kind in required:
        if kind not in have:
            problems.append(_("Chưa có dự thảo %(doc)s.") % {"doc": DocumentKind(kind).label})
    if problems:
        raise DomainError(_("Chưa đủ hồ sơ báo cáo cấp trên."), problems)
    return plan, rounds


@transaction.atomic
def superior_report_decide(
    *,
    actor: Any,
    report: SuperiorReport,
    decision: str,
    note: str = "",
    official_date: dt.date | None = None,
    reason: str = "",
    today: dt.date | None = None,
) -> SuperiorReport:
    """The superior's standing committee approves (RA) or returns the report with comments."""
    today = today or local_today()
    report = (
        SuperiorReport.objects.select_for_update()
        .select_related("congress__organization")
        .get(pk=report.pk)
    )
    congress = report.congress
    _require(
        actor,
        Action.SUPERVISE,
        congress,
        _("Chỉ Ban Thường vụ cấp ủy cấp trên trực tiếp được cho ý kiến về báo cáo này."),
    )
    if decision not in (Decision.APPROVED, Decision.RETURNED):
        raise DomainError(_("Quyết định không hợp lệ."))
    if report.decision != Decision.PENDING:
        raise DomainError(_("Báo cáo này đã có quyết định."))
    if decision == Decision.RETURNED and not note.strip():
        raise DomainError(_("Trả lại báo cáo cần ghi rõ ý kiến."))
    parent = Organization.objects.get(path=parent_path(congress.organization.path))
    date = official_date_check(
        actor=actor, organization=parent, official_date=official_date, reason=reason, today=today
    )
    if date < report.official_date:
        raise DomainError(_("Ngày quyết định không được trước ngày báo cáo."))
    report.decision = decision
    report.decided_on = date
    report.decided_by = actor
    report.decision_note = note
    report.save(update_fields=["decision", "decided_on", "decided_by", "decision_note"])
    if decision == Decision.APPROVED:
        # Already announced (the convening notice recorded): approved and convened.
        congress_advance(
            congress,
            CongressStatus.CONVENED if congress.announced_on else CongressStatus.APPROVED,
        )
    else:
        congress.status = CongressStatus.RETURNED
        congress.save(update_fields=["status"])
    audit_record(
        actor=actor,
        verb=f"superior_report.{decision}",
        target=report,
        organization=congress.organization,
        decided_on=date,
        note=note,
    )
    approved = decision == Decision.APPROVED
    notifications_resolve(
        f"report:{report.pk}:decide", rule_todo(congress.pk, RuleCode.RA) if approved else ""
    )
    handoff_notify(
        Handoff.REPORT_APPROVED if approved else Handoff.REPORT_RETURNED,
        key=f"report:{report.pk}:{decision}",
        to=decision_recipients(congress, on=today) | {report.submitted_by_id},
        actor=actor,
        url=reverse("congresses:detail", args=[congress.pk]),
        todo="" if approved else f"congress:{congress.pk}:report",
        congress=congress,
        date=date,
        note=note.strip() or "—",
    )
    return report
