"""The allocation of delegate seats for a delegates' congress (QĐ phân bổ đại biểu): prepare it
from the membership counts (rules.allocate), adjust it by hand with a reason, and mark it issued
when the register numbers the decision (apps.reports). Each verb checks permission, runs in one
transaction, writes an audit row and notifies after commit; refusals are DomainErrors and
nothing is written."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from apps.audit.services import audit_record
from apps.congresses.models import Congress, CongressKind
from apps.core.dates import local_today
from apps.core.errors import DomainError
from apps.organizations.audiences import Audience, audience_memberships
from apps.organizations.membership_counts import latest_counts
from apps.organizations.models import Organization
from apps.personnel.models import Candidate

from . import notices
from .guards import day_text, insert_delegates, require_manager
from .models import (
    Allocation,
    AllocationShare,
    Delegate,
    DelegateElection,
    DelegateKind,
    DelegateStatus,
)
from .rules import AllocationImpossible, Unit, allocate, alternates_for


def subordinates_of(organization: Organization) -> list[Organization]:
    """The direct subordinates taking part: active organisations one level below."""
    return list(
        Organization.objects.filter(
            path__startswith=organization.path, depth=organization.depth + 1, is_active=True
        ).order_by("path")
    )


def _editable_allocation(congress: Congress) -> Allocation | None:
    allocation = Allocation.objects.select_for_update().filter(congress=congress).first()
    if allocation is not None and allocation.is_issued:
        raise DomainError(
            _("Quyết định phân bổ đại biểu đã ban hành ngày %(d)s; không sửa được nữa.")
            % {"d": day_text(allocation.issued_on)}  # type: ignore[arg-type]
        )
    return allocation


@transaction.atomic
def allocation_prepare(
    *,
    actor: Any,
    congress: Congress,
    seats: int,
    counts_as_of: dt.date,
    decided_on: dt.date,
    today: dt.date | None = None,
) -> Allocation:
    """Allocate the seats of a delegates' congress (QĐ 24-QĐ/TW §11.1; docs/domain.md).

    The outgoing committee's members on `decided_on` are delegates by right; the rest go to
    the direct subordinates in proportion to their official members on `counts_as_of`
    (rules.allocate: largest remainder, at least one each, ties to the larger membership then
    the smaller code); each gets alternates by the rule set's percentage. Preparing again
    (before the decision is issued) starts over from the counts, dropping hand adjustments.
    """
    today = today or local_today()
    congress = (
        Congress.objects.select_for_update()
        .select_related("organization", "term")
        .get(pk=congress.pk)
    )
    require_manager(actor, congress)
    if congress.kind != CongressKind.DELEGATES:
        raise DomainError(_("Chỉ đại hội đại biểu mới phân bổ đại biểu."))
    if congress.is_open_or_later:
        raise DomainError(_("Đại hội đã khai mạc; không phân bổ lại đại biểu."))
    if decided_on > today or counts_as_of > today:
        raise DomainError(_("Ngày quyết định và ngày số liệu không được sau ngày hôm nay."))
    existing = _editable_allocation(congress)
    if (
        existing is not None
        and DelegateElection.objects.filter(share__allocation=existing).exists()
    ):
        raise DomainError(_("Đã có đơn vị bầu đại biểu theo phân bổ này; không phân bổ lại."))
    org = congress.organization
    subordinates = subordinates_of(org)
    if not subordinates:
        raise DomainError(_("Tổ chức này không có đơn vị trực thuộc để phân bổ đại biểu."))
    counts = latest_counts(subordinates, counts_as_of)
    missing = [o.name for o in subordinates if o.pk not in counts]
    if missing:
        raise DomainError(
            _("Chưa có số đảng viên tính đến ngày %(d)s của: %(names)s.")
            % {"d": day_text(counts_as_of), "names": "; ".join(missing)},
            field="counts_as_of",
        )
    by_right = _committee_members(org, decided_on)
    to_share = seats - len(by_right)
    try:
        shares = allocate(
            seats=to_share,
            units=[Unit(o.pk, o.code, counts[o.pk]) for o in subordinates],
        )
    except AllocationImpossible:
        raise DomainError(
            _(
                "Tổng số %(seats)s đại biểu, trừ %(by_right)s đại biểu đương nhiên, còn %(left)s "
                "— không đủ để mỗi đơn vị trong %(n)s đơn vị trực thuộc có ít nhất 1 đại biểu."
            )
            % {"seats": seats, "by_right": len(by_right), "left": to_share, "n": len(subordinates)},
            field="seats",
        ) from None
    if existing is not None:  # nothing elected under it yet: start over from the counts
        Delegate.objects.filter(congress=congress, kind=DelegateKind.BY_RIGHT).delete()
        existing.delete()
    # The congress's number summoned is the allocation's, no longer a bare typed figure.
    if congress.delegate_count != seats:
        congress.delegate_count = seats
        congress.save(update_fields=["delegate_count"])
    allocation = Allocation.objects.create(
        congress=congress,
        seats=seats,
        by_right=len(by_right),
        counts_as_of=counts_as_of,
        decided_on=decided_on,
        created_by=actor,
    )
    percent = congress.term.rule_set.delegate_alternates_percent
    AllocationShare.objects.bulk_create(
        [
            AllocationShare(
                allocation=allocation,
                organization_id=share.key,
                official_members=share.members,
                computed_seats=share.seats,
                seats=share.seats,
                alternates=alternates_for(share.seats, percent),
            )
            for share in shares
        ]
    )
    records = personal_records([person.user.pk for person in by_right])
    insert_delegates(
        [
            Delegate(
                congress=congress,
                source=org,
                user=person.user,
                full_name=person.user.display_name,
                birth_date=person.user.birth_date or _record_of(records, person).birth_date,
                sex=_record_of(records, person).sex,
                ethnicity=_record_of(records, person).ethnicity,
                current_post=person.post,
                kind=DelegateKind.BY_RIGHT,
                status=DelegateStatus.OFFICIAL,
            )
            for person in by_right
        ]
    )
    audit_record(
        actor=actor,
        verb="allocation.prepare",
        target=allocation,
        organization=org,
        seats=seats,
        by_right=len(by_right),
        counts_as_of=counts_as_of,
        shares={o.code: s.seats for o, s in zip(subordinates, shares, strict=True)},
    )
    return allocation


@dataclass(frozen=True, slots=True)
class CommitteeSeat:
    user: Any
    post: str


@dataclass(frozen=True, slots=True)
class PersonalRecord:
    """What the portal holds of a person beyond their account: sex and ethnicity are not on the
    account; the personnel list that put them on the committee has them."""

    birth_date: dt.date | None = None
    sex: str = ""
    ethnicity: str = ""


def personal_records(user_ids: list[int]) -> dict[int, PersonalRecord]:
    """Each person's latest entry on a personnel list (the committee election that made them a
    delegate by right), one query for all of them. A person on no list has no record: their
    facts stay empty, to be completed on the list page, and the composition counts them as not
    stated rather than guessing."""
    found: dict[int, PersonalRecord] = {}
    for user_id, birth_date, sex, ethnicity in (
        Candidate.objects.filter(user_id__in=user_ids)
        .order_by("user_id", "-plan__congress__opening_date", "-pk")
        .values_list("user_id", "birth_date", "sex", "ethnicity")
    ):
        found.setdefault(user_id, PersonalRecord(birth_date, sex, (ethnicity or "").strip()))
    return found


def _record_of(records: Mapping[int, PersonalRecord], person: CommitteeSeat) -> PersonalRecord:
    return records.get(person.user.pk, PersonalRecord())


def _committee_members(org: Organization, on: dt.date) -> list[CommitteeSeat]:
    """The outgoing committee on a date: each person once, with their highest post."""
    seats: dict[int, CommitteeSeat] = {}
    for m in (
        audience_memberships(Audience.COMMITTEE, on=on, organizations=[org])
        .select_related("user")
        .order_by("user__full_name", "user_id", "role")
    ):
        seats.setdefault(m.user_id, CommitteeSeat(m.user, str(m.get_role_display())))
    return list(seats.values())


@transaction.atomic
def allocation_adjust(
    *,
    actor: Any,
    congress: Congress,
    seats: Mapping[int, int],
    alternates: Mapping[int, int] | None = None,
    reason: str,
) -> Allocation:
    """Adjust the shares by hand (keyed by organisation id): the sum must still equal the seats
    to share, each keeps at least one seat, and a changed share carries the reason."""
    require_manager(actor, congress)
    allocation = _editable_allocation(congress)
    if allocation is None:
        raise DomainError(_("Chưa phân bổ đại biểu."))
    reason = reason.strip()
    shares = {s.organization_id: s for s in allocation.shares.select_related("organization")}
    alternates = alternates or {}
    unknown = (set(seats) | set(alternates)) - set(shares)
    if unknown:
        raise DomainError(_("Có đơn vị không thuộc phân bổ này."))
    new_seats = {oid: seats.get(oid, s.seats) for oid, s in shares.items()}
    new_alternates = {oid: alternates.get(oid, s.alternates) for oid, s in shares.items()}
    too_few = [shares[oid].organization.name for oid, n in new_seats.items() if n < 1]
    if too_few:
        raise DomainError(
            _("Mỗi đơn vị phải có ít nhất 1 đại biểu: %(names)s.") % {"names": "; ".join(too_few)}
        )
    if any(n < 0 for n in new_alternates.values()):
        raise DomainError(_("Số đại biểu dự khuyết không được âm."))
    total = sum(new_seats.values())
    if total != allocation.to_allocate:
        raise DomainError(
            _(
                "Tổng số đại biểu phân bổ cho các đơn vị là %(total)s, phải bằng %(want)s "
                "(%(seats)s đại biểu trừ %(by_right)s đại biểu đương nhiên)."
            )
            % {
                "total": total,
                "want": allocation.to_allocate,
                "seats": allocation.seats,
                "by_right": allocation.by_right,
            },
            field="seats",
        )
    changed = [
        s
        for oid, s in shares.items()
        if (s.seats, s.alternates) != (new_seats[oid], new_alternates[oid])
    ]
    if changed and not reason:
        raise DomainError(_("Phải ghi lý do điều chỉnh."), field="reason")
    for share in changed:
        share.seats = new_seats[share.organization_id]
        share.alternates = new_alternates[share.organization_id]
        share.adjustment_reason = reason[:300]
        share.save(update_fields=["seats", "alternates", "adjustment_reason"])
    audit_record(
        actor=actor,
        verb="allocation.adjust",
        target=allocation,
        organization=congress.organization,
        reason=reason,
        changes={s.organization.code: [s.seats, s.alternates] for s in changed},
    )
    return allocation


def allocation_problem(congress: Congress) -> str | None:
    """Why the allocation decision cannot be issued now (None when it can)."""
    allocation = Allocation.objects.filter(congress=congress).first()
    if allocation is None:
        return _("Chưa phân bổ đại biểu.")
    if allocation.is_issued:
        return _("Quyết định phân bổ đại biểu đã được ban hành.")
    return None


def allocation_issued(*, actor: Any, congress: Congress, number_symbol: str, day: dt.date) -> None:
    """Called by the register in the transaction that numbers the QĐ (apps.reports.services):
    the allocation is fixed from now on and each subordinate hears its seats and alternates."""
    allocation = Allocation.objects.select_for_update().get(congress=congress)
    if allocation.is_issued:
        raise DomainError(_("Quyết định phân bổ đại biểu đã được ban hành."))
    allocation.issued_on = day
    allocation.save(update_fields=["issued_on"])
    shares = list(allocation.shares.select_related("organization"))
    audit_record(
        actor=actor,
        verb="allocation.issue",
        target=allocation,
        organization=congress.organization,
        symbol=number_symbol,
        day=day,
    )
    notices.allocation_issued(
        congress=congress, shares=shares, number_symbol=number_symbol, actor=actor
    )
