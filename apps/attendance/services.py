"""The congress day's verbs: check a delegate in (card's QR code or typed code), excuse one.

Only the convening organisation's secretary and deputies, standing members and office act
(``Action.MANAGE_DELEGATES``: their own organisation only, not a superior's office). Each verb
checks that permission, locks the delegate's row, checks the day and the delegate, writes the
record and an audit row in one transaction. A refusal writes nothing and says why in words the
person at the door can act on: a forged card, a card of another congress, a code nobody holds,
a delegate replaced or disqualified, or a card shown a second time (already checked in, with the
time and by whom: never a second check-in). Nothing is notified: the live attendance page is
what the presidium watches, and a notice per delegate would drown the inbox.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.audit.services import audit_record
from apps.congresses.models import Congress, CongressKind, CongressStatus
from apps.congresses.services import RuleViolation
from apps.core.dates import local_date
from apps.core.errors import DomainError, PermissionDenied
from apps.delegates.models import Delegate, DelegateElection, DelegateStatus
from apps.organizations.permissions import Action, may
from apps.personnel.models import ElectionResult

from .models import Attendance, AttendanceStatus, CheckInMethod
from .tokens import ForgedToken, OtherCongressToken, read_token

# Congresses whose day is over: no check-in any more.
_OVER = frozenset(
    {
        CongressStatus.CLOSED,
        CongressStatus.RATIFIED,
        CongressStatus.FOLLOWUP_DONE,
        CongressStatus.POSTPONED,
    }
)
REASON_MAX = 300


class AlreadyCheckedIn(RuleViolation):
    """The delegate's card was shown again: they are already present (409 in the API)."""


def may_conduct_day(user: Any, congress: Congress) -> bool:
    """The convening organisation's secretary/deputies, standing members and office."""
    return may(user, Action.MANAGE_DELEGATES, congress)


def normalise_code(code: str) -> str:
    """What the person typed, as printed on the card: capitals, no spaces or dashes."""
    return "".join(ch for ch in code.upper() if ch.isalnum())


def checkin_days(congress: Congress) -> tuple[dt.date, dt.date]:
    """From the eve of the opening (the preparatory session may be held then) to the last day.
    [ASSUMPTION: the eve] docs/domain.md, the congress day."""
    first = congress.opening_date - dt.timedelta(days=1)
    last = congress.opening_date + dt.timedelta(days=congress.days - 1)
    return first, last


def _hhmm(moment: dt.datetime) -> str:
    return timezone.localtime(moment).strftime("%H:%M %d/%m/%Y")


def _check_day(actor: Any, congress: Congress, now: dt.datetime) -> None:
    if not may_conduct_day(actor, congress):
        raise PermissionDenied(_("Bạn không có quyền điểm danh đại biểu của đại hội này."))
    if congress.kind != CongressKind.DELEGATES:
        raise DomainError(_("Chỉ đại hội đại biểu mới điểm danh theo thẻ đại biểu."))
    first, last = checkin_days(congress)
    if congress.status in _OVER or not first <= local_date(now) <= last:
        raise DomainError(
            _("Chỉ điểm danh trong những ngày đại hội họp (%(first)s – %(last)s).")
            % {"first": first.strftime("%d/%m/%Y"), "last": last.strftime("%d/%m/%Y")}
        )


def _elsewhere(actor: Any, code: str) -> str | None:
    """The congress another delegate holding `code` attends, named only to someone who may see
    that congress ("another congress" otherwise); None when nobody holds the code."""
    found = (
        Delegate.objects.select_related("congress__organization", "congress__term")
        .filter(code=code)
        .first()
    )
    if found is None:
        return None
    return str(found.congress) if may(actor, Action.VIEW, found.congress) else _("một đại hội khác")


def _delegate_for(actor: Any, congress: Congress, *, token: str, code: str) -> tuple[Delegate, str]:
    """The delegate the card or code names, locked, and the method; refusals say why."""
    if token.strip():
        method = CheckInMethod.QR
        try:
            claim = read_token(token, congress_id=congress.pk)
        except OtherCongressToken as other:
            raise DomainError(
                _("Thẻ này là thẻ dự %(congress)s, không phải đại hội này.")
                % {"congress": _elsewhere(actor, other.claim.code) or _("một đại hội khác")},
                field="token",
            ) from None
        except ForgedToken:
            raise DomainError(
                _("Mã QR không hợp lệ: thẻ không do Cổng Đại hội cấp hoặc đã bị sửa."),
                field="token",
            ) from None
        wanted = claim.code
    else:
        method = CheckInMethod.TYPED
        wanted = normalise_code(code)
        if not wanted:
            raise DomainError(_("Nhập mã đại biểu hoặc quét mã QR trên thẻ."), field="code")
    delegate = (
        Delegate.objects.select_for_update(of=("self",))
        .select_related("replaced_by")
        .filter(congress=congress, code=wanted)
        .first()
    )
    if delegate is None:
        elsewhere = _elsewhere(actor, wanted)
        if elsewhere is not None:
            raise DomainError(
                _("Mã %(code)s là của đại biểu dự %(congress)s, không phải đại hội này.")
                % {"code": wanted, "congress": elsewhere},
                field="code",
            )
        raise DomainError(
            _("Không có đại biểu nào của đại hội này mang mã %(code)s.") % {"code": wanted},
            field="code",
        )
    return delegate, method


def _check_seated(delegate: Delegate) -> None:
    if delegate.status == DelegateStatus.OFFICIAL:
        return
    if delegate.status == DelegateStatus.REPLACED:
        raise DomainError(
            _("%(name)s đã được thay thế bởi %(other)s; thẻ này không còn giá trị.")
            % {
                "name": delegate.full_name,
                "other": delegate.replaced_by.full_name if delegate.replaced_by else "—",
            }
        )
    if delegate.status == DelegateStatus.DISQUALIFIED:
        raise DomainError(
            _("%(name)s không đủ tư cách đại biểu: %(reason)s.")
            % {"name": delegate.full_name, "reason": delegate.status_reason}
        )
    raise DomainError(
        _("%(name)s là đại biểu dự khuyết, chưa thay cho đại biểu chính thức nào.")
        % {"name": delegate.full_name}
    )


@transaction.atomic
def attendance_checkin(
    *,
    actor: Any,
    congress: Congress,
    token: str = "",
    code: str = "",
    now: dt.datetime | None = None,
) -> Attendance:
    """Check a delegate in from their card's QR token or their typed code."""
    now = now or timezone.now()
    _check_day(actor, congress, now)
    delegate, method = _delegate_for(actor, congress, token=token, code=code)
    _check_seated(delegate)
    record = Attendance.objects.filter(delegate=delegate).select_related("checked_in_by").first()
    if record is not None and record.is_present:
        assert record.checked_in_at is not None
        raise AlreadyCheckedIn(
            _("%(name)s đã điểm danh lúc %(time)s (%(by)s). Không điểm danh lần hai.")
            % {
                "name": delegate.full_name,
                "time": _hhmm(record.checked_in_at),
                "by": record.checked_in_by or "—",
            }
        )
    was_excused = record is not None
    record = record or Attendance(congress=congress, delegate=delegate)
    record.status = AttendanceStatus.PRESENT
    record.method = method
    record.checked_in_at = now
    record.checked_in_by = actor
    record.save()
    audit_record(
        actor=actor,
        verb="attendance.checkin",
        target=record,
        organization=congress.organization,
        delegate=delegate.pk,
        code=delegate.code,
        method=method,
        was_excused=was_excused,
    )
    return record


@transaction.atomic
def attendance_excuse(
    *,
    actor: Any,
    congress: Congress,
    delegate_id: int,
    reason: str,
    now: dt.datetime | None = None,
) -> Attendance:
    """Record a delegate as absent with a reason (for the whole congress, unless they come)."""
    now = now or timezone.now()
    _check_day(actor, congress, now)
    reason = " ".join(reason.split())
    if not reason:
        raise DomainError(_("Phải ghi lý do vắng mặt."), field="reason")
    if len(reason) > REASON_MAX:
        raise DomainError(
            _("Lý do vắng mặt tối đa %(n)s ký tự.") % {"n": REASON_MAX}, field="reason"
        )
    delegate = (
        Delegate.objects.select_for_update(of=("self",))
        .select_related("replaced_by")
        .filter(congress=congress, pk=delegate_id)
        .first()
    )
    if delegate is None:
        raise DomainError(_("Không có đại biểu này trong danh sách của đại hội."))
    _check_seated(delegate)
    record = Attendance.objects.filter(delegate=delegate).first()
    if record is not None and record.is_present:
        raise DomainError(
            _("%(name)s đã có mặt tại đại hội; không ghi vắng mặt.") % {"name": delegate.full_name}
        )
    record = record or Attendance(congress=congress, delegate=delegate)
    record.status = AttendanceStatus.EXCUSED
    record.excused_reason = reason
    record.excused_at = now
    record.excused_by = actor
    record.save()
    audit_record(
        actor=actor,
        verb="attendance.excuse",
        target=record,
        organization=congress.organization,
        delegate=delegate.pk,
        reason=reason,
    )
    return record


@transaction.atomic
def attendance_undo(
    *,
    actor: Any,
    congress: Congress,
    delegate_id: int,
    reason: str,
    now: dt.datetime | None = None,
) -> None:
    """Take back a check-in made by mistake (the wrong code typed), with a reason. The audit
    row keeps when and by whom it had been made. Refused once an election at the congress has
    been recorded: its base was counted from this record."""
    now = now or timezone.now()
    _check_day(actor, congress, now)
    reason = " ".join(reason.split())
    if not reason:
        raise DomainError(_("Phải ghi lý do hủy điểm danh."), field="reason")
    if len(reason) > REASON_MAX:
        raise DomainError(_("Lý do tối đa %(n)s ký tự.") % {"n": REASON_MAX}, field="reason")
    if (
        ElectionResult.objects.filter(congress=congress).exists()
        or DelegateElection.objects.filter(congress=congress, recorded_at__isnull=False).exists()
    ):
        raise DomainError(
            _("Đã ghi kết quả bầu cử theo số có mặt này; không hủy điểm danh được nữa.")
        )
    record = (
        Attendance.objects.select_for_update(of=("self",))
        .select_related("delegate", "checked_in_by")
        .filter(congress=congress, delegate_id=delegate_id, status=AttendanceStatus.PRESENT)
        .first()
    )
    if record is None:
        raise DomainError(_("Đại biểu này chưa điểm danh."))
    assert record.checked_in_at is not None
    audit_record(
        actor=actor,
        verb="attendance.undo",
        target=record,
        organization=congress.organization,
        delegate=record.delegate_id,
        code=record.delegate.code,
        checked_in_at=record.checked_in_at,
        checked_in_by=record.checked_in_by_id,
        reason=reason,
    )
    record.delete()
