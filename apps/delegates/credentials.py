"""The upper congress's delegate list and credentials: replacing an official delegate by an
alternate of the same source in vote order, disqualifying with a reason, correcting a
delegate's facts, and the credentials board who signs the report."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from apps.audit.services import audit_record
from apps.congresses.models import Congress
from apps.core.errors import DomainError
from apps.personnel.models import Sex

from .guards import day_text, require_manager
from .models import (
    CredentialsBoard,
    Delegate,
    DelegateKind,
    DelegateStatus,
)


def _delegate_for_update(actor: Any, congress: Congress, delegate: Delegate | int) -> Delegate:
    require_manager(actor, congress)
    pk = delegate if isinstance(delegate, int) else delegate.pk
    found = Delegate.objects.select_for_update().filter(pk=pk).first()
    if found is None or found.congress_id != congress.pk:
        raise DomainError(_("Đại biểu này không thuộc danh sách đại biểu của đại hội này."))
    return found


@transaction.atomic
def delegate_replace(
    *,
    actor: Any,
    congress: Congress,
    delegate: Delegate | int,
    reason: str,
    alternate: Delegate | int | None = None,
) -> Delegate:
    """Replace an official delegate who cannot attend (or was disqualified) by the alternate of
    the same source with the most votes (docs/domain.md: in vote order, same source). Returns
    the alternate, now an official delegate."""
    delegate = _delegate_for_update(actor, congress, delegate)
    reason = reason.strip()
    if not reason:
        raise DomainError(_("Phải ghi lý do thay thế."), field="reason")
    if delegate.replaced_by_id is not None:
        raise DomainError(_("Đại biểu này đã được thay thế."))
    if delegate.status not in (DelegateStatus.OFFICIAL, DelegateStatus.DISQUALIFIED) or (
        delegate.kind == DelegateKind.ALTERNATE and delegate.status != DelegateStatus.OFFICIAL
    ):
        raise DomainError(_("Chỉ thay thế đại biểu chính thức."))
    if delegate.kind == DelegateKind.BY_RIGHT:
        raise DomainError(_("Đại biểu đương nhiên không có đại biểu dự khuyết thay thế."))
    waiting = list(
        Delegate.objects.select_for_update()
        .filter(congress=congress, source_id=delegate.source_id, status=DelegateStatus.ALTERNATE)
        .order_by("vote_rank", "id")
    )
    if not waiting:
        raise DomainError(
            _("%(org)s không còn đại biểu dự khuyết để thay thế.") % {"org": delegate.source}
        )
    chosen = waiting[0]
    if alternate is not None:
        wanted = alternate if isinstance(alternate, int) else alternate.pk
        if wanted != chosen.pk:
            raise DomainError(
                _(
                    "Phải thay bằng đại biểu dự khuyết của cùng đơn vị theo thứ tự số phiếu: "
                    "đồng chí %(name)s."
                )
                % {"name": chosen.full_name},
                field="alternate",
            )
    was = delegate.status
    if was == DelegateStatus.OFFICIAL:
        delegate.status = DelegateStatus.REPLACED
        delegate.status_reason = reason[:300]
    delegate.replaced_by = chosen
    delegate.save(update_fields=["status", "status_reason", "replaced_by"])
    chosen.status = DelegateStatus.OFFICIAL
    chosen.save(update_fields=["status"])
    audit_record(
        actor=actor,
        verb="delegate.replace",
        target=delegate,
        organization=congress.organization,
        delegate=delegate.full_name,
        by=chosen.full_name,
        reason=reason,
    )
    return chosen


@transaction.atomic
def delegate_disqualify(
    *, actor: Any, congress: Congress, delegate: Delegate | int, reason: str
) -> Delegate:
    """The credentials board finds a delegate without standing (e.g. disciplined): the reason
    is required and shown in its report."""
    delegate = _delegate_for_update(actor, congress, delegate)
    reason = reason.strip()
    if not reason:
        raise DomainError(_("Phải ghi lý do không đủ tư cách đại biểu."), field="reason")
    if delegate.status not in (DelegateStatus.OFFICIAL, DelegateStatus.ALTERNATE):
        raise DomainError(
            _("Đại biểu này đang ở trạng thái “%(s)s”.") % {"s": delegate.get_status_display()}
        )
    delegate.status, delegate.status_reason = DelegateStatus.DISQUALIFIED, reason[:300]
    delegate.save(update_fields=["status", "status_reason"])
    audit_record(
        actor=actor,
        verb="delegate.disqualify",
        target=delegate,
        organization=congress.organization,
        delegate=delegate.full_name,
        reason=reason,
    )
    return delegate


DELEGATE_FACTS = (
    "full_name",
    "birth_date",
    "sex",
    "ethnicity",
    "current_post",
    "new_committee_member",
)


@transaction.atomic
def delegate_update(
    *, actor: Any, congress: Congress, delegate: Delegate | int, **facts: Any
) -> Delegate:
    """Correct a delegate's personal facts (a delegate by right arrives from the committee
    with only a name and birth date)."""
    delegate = _delegate_for_update(actor, congress, delegate)
    unknown = set(facts) - set(DELEGATE_FACTS)
    if unknown:
        raise DomainError(_("Trường không sửa được: %(f)s.") % {"f": ", ".join(sorted(unknown))})
    if "full_name" in facts and not str(facts["full_name"]).strip():
        raise DomainError(_("Thiếu họ và tên."), field="full_name")
    if facts.get("sex") not in (None, "", *Sex.values):
        raise DomainError(_("Giới tính không hợp lệ."), field="sex")
    for name, value in facts.items():
        setattr(delegate, name, value.strip() if isinstance(value, str) else value)
    delegate.save(update_fields=list(facts))
    audit_record(
        actor=actor,
        verb="delegate.update",
        target=delegate,
        organization=congress.organization,
        fields=sorted(facts),
    )
    return delegate


@transaction.atomic
def credentials_board_set(
    *, actor: Any, congress: Congress, head: str, members: str, report_date: dt.date
) -> CredentialsBoard:
    """Who signs the credentials report, and its date (within the congress's preparation and
    days, not after its last day)."""
    require_manager(actor, congress)
    if not head.strip():
        raise DomainError(_("Phải ghi Trưởng Ban thẩm tra tư cách đại biểu."), field="head")
    last_day = congress.opening_date + dt.timedelta(days=congress.days - 1)
    if report_date > last_day:
        raise DomainError(
            _("Ngày báo cáo không được sau ngày bế mạc đại hội (%(d)s).")
            % {"d": day_text(last_day)},
            field="report_date",
        )
    board, _created = CredentialsBoard.objects.update_or_create(
        congress=congress,
        defaults={"head": head.strip(), "members": members.strip(), "report_date": report_date},
    )
    audit_record(
        actor=actor,
        verb="credentials.board",
        target=board,
        organization=congress.organization,
        head=board.head,
        report_date=report_date,
    )
    return board
