"""apps/delegates/allocation.py: preparing the allocation of seats from the membership counts,
adjusting it by hand with a reason, and fixing it once the decision is issued."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from apps.audit.models import AuditEvent
from apps.congresses.models import Congress
from apps.core.errors import DomainError, PermissionDenied
from apps.delegates.allocation import (
    allocation_adjust,
    allocation_issued,
    allocation_prepare,
    allocation_problem,
    subordinates_of,
)
from apps.delegates.models import (
    Allocation,
    AllocationShare,
    Delegate,
    DelegateStatus,
)
from apps.delegates.rules import alternates_for
from apps.organizations.models import MembershipCount, Organization
from apps.reports.builders import ReportKind
from apps.reports.services import report_issue
from tests.delegates.province import COUNTS_AS_OF, DECIDED, TODAY, make_province
from tests.delegates.steps import issued, prepared, snapshot

pytestmark = pytest.mark.django_db


def test_only_the_convening_organisations_leaders_standing_and_office_allocate(small):
    for user in (small.member, small.committee[-1], small.unit_secretaries[0]):
        with pytest.raises(PermissionDenied):
            allocation_prepare(
                actor=user,
                congress=small.congress,
                seats=10,
                counts_as_of=COUNTS_AS_OF,
                decided_on=DECIDED,
                today=TODAY,
            )
    assert not AllocationShare.objects.exists()
    for user in (small.secretary, small.standing, small.officer):
        allocation = allocation_prepare(
            actor=user,
            congress=small.congress,
            seats=10,
            counts_as_of=COUNTS_AS_OF,
            decided_on=DECIDED,
            today=TODAY,
        )
        assert allocation.by_right == 3 and allocation.shares.count() == 3


def test_too_few_seats_and_missing_counts_are_refused(small):
    with pytest.raises(DomainError, match="không đủ để mỗi đơn vị"):
        prepared(small, seats=5)  # 3 by right leave 2 seats for 3 units
    MembershipCount.objects.filter(organization=small.units[2]).delete()
    with pytest.raises(DomainError, match=re.escape(small.units[2].name)):
        prepared(small)
    assert not AllocationShare.objects.exists() and not Delegate.objects.exists()


def test_an_adjustment_that_does_not_sum_is_refused_and_nothing_changes(small):
    allocation = prepared(small)
    a, b, c = small.units
    before = snapshot(small)
    share_a = allocation.shares.get(organization=a)
    with pytest.raises(DomainError) as refused:
        allocation_adjust(
            actor=small.officer,
            congress=small.congress,
            seats={a.pk: share_a.seats + 1},
            reason="Đơn vị trọng điểm",
        )
    assert "phải bằng 7" in refused.value.message
    with pytest.raises(DomainError, match=f"ít nhất 1 đại biểu: {re.escape(b.name)}"):
        allocation_adjust(
            actor=small.officer,
            congress=small.congress,
            seats={a.pk: share_a.seats + allocation.shares.get(organization=b).seats, b.pk: 0},
            reason="x",
        )
    assert snapshot(small) == before
    # a balanced move needs a reason, then is kept with it
    share_b = allocation.shares.get(organization=b)
    move = {a.pk: share_a.seats + 1, b.pk: share_b.seats - 1} if share_b.seats > 1 else None
    if move is None:
        share_c = allocation.shares.get(organization=c)
        move = {a.pk: share_a.seats + 1, c.pk: share_c.seats - 1}
    with pytest.raises(DomainError, match="lý do"):
        allocation_adjust(actor=small.officer, congress=small.congress, seats=move, reason=" ")
    allocation_adjust(
        actor=small.officer, congress=small.congress, seats=move, reason="Đơn vị trọng điểm"
    )
    share_a.refresh_from_db()
    assert share_a.is_adjusted and share_a.adjustment_reason == "Đơn vị trọng điểm"
    assert sum(allocation.shares.values_list("seats", flat=True)) == 7


def test_issued_allocation_is_fixed(small):
    issued(small)
    with pytest.raises(DomainError, match="đã ban hành"):
        prepared(small)
    with pytest.raises(DomainError, match="đã được ban hành"):
        report_issue(
            user=small.officer, kind=ReportKind.DELEGATE_ALLOCATION, obj=small.congress, day=TODAY
        )


def test_the_subordinates_taking_part_are_the_active_direct_children_in_order(small):
    grandchild = make_province(units=0, committee=1, code="GC", parent=small.units[0]).org
    small.units[1].is_active = False
    small.units[1].save(update_fields=["is_active"])
    found = subordinates_of(small.org)
    assert found == [small.units[0], small.units[2]]
    assert grandchild not in found


def test_preparing_writes_shares_delegates_by_right_the_seats_summoned_and_an_audit_row(small):
    allocation = prepared(small, seats=12)
    small.congress.refresh_from_db()
    assert small.congress.delegate_count == 12
    assert (allocation.seats, allocation.by_right, allocation.to_allocate) == (12, 3, 9)
    shares = list(allocation.shares.all())
    assert sum(s.seats for s in shares) == 9 and all(s.seats >= 1 for s in shares)
    assert all(s.computed_seats == s.seats and s.adjustment_reason == "" for s in shares)
    percent = small.congress.term.rule_set.delegate_alternates_percent
    assert all(s.alternates == alternates_for(s.seats, percent) for s in shares)
    by_right = Delegate.objects.filter(congress=small.congress, kind="by_right")
    assert {d.user_id for d in by_right} == {u.pk for u in small.committee}
    assert all(
        d.status == DelegateStatus.OFFICIAL and d.source_id == small.org.pk for d in by_right
    )
    event = AuditEvent.objects.get(verb="allocation.prepare")
    assert event.data["seats"] == 12 and event.data["by_right"] == 3


def test_preparing_again_starts_over_from_the_counts(small):
    allocation = prepared(small)
    a, b, c = small.units
    shares = {s.organization_id: s for s in allocation.shares.all()}
    donor = max(shares.values(), key=lambda s: s.seats)
    taker = next(s for s in shares.values() if s.pk != donor.pk)
    allocation_adjust(
        actor=small.officer,
        congress=small.congress,
        seats={donor.organization_id: donor.seats - 1, taker.organization_id: taker.seats + 1},
        reason="Tạm",
    )
    again = prepared(small)
    assert Allocation.objects.count() == 1 and again.pk != allocation.pk
    assert not any(s.is_adjusted for s in again.shares.all())
    assert Delegate.objects.filter(congress=small.congress, kind="by_right").count() == 3


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"kind": "all_member"}, "Chỉ đại hội đại biểu"),
        ({"status": "in_session"}, "Đại hội đã khai mạc"),
    ],
)
def test_only_a_delegates_congress_not_yet_open_is_allocated(small, change, message):
    Congress.objects.filter(pk=small.congress.pk).update(**change)
    with pytest.raises(DomainError, match=message):
        prepared(small)
    assert not Allocation.objects.exists() and not Delegate.objects.exists()


def test_dates_after_today_are_refused(small):
    with pytest.raises(DomainError, match="không được sau ngày hôm nay"):
        allocation_prepare(
            actor=small.secretary,
            congress=small.congress,
            seats=10,
            counts_as_of=COUNTS_AS_OF,
            decided_on=TODAY + dt.timedelta(days=1),
            today=TODAY,
        )
    assert not Allocation.objects.exists()


def test_an_organisation_without_subordinates_has_nothing_to_allocate(small):
    lone = make_province(
        units=0, committee=2, code="LN", parent=Organization.objects.get_parent(small.org)
    )
    with pytest.raises(DomainError, match="không có đơn vị trực thuộc"):
        prepared(lone)


def test_adjusting_refuses_strangers_negative_alternates_and_a_missing_allocation(small):
    with pytest.raises(DomainError, match="Chưa phân bổ đại biểu"):
        allocation_adjust(actor=small.officer, congress=small.congress, seats={}, reason="x")
    allocation = prepared(small)
    before = snapshot(small)
    with pytest.raises(DomainError, match="không thuộc phân bổ này"):
        allocation_adjust(
            actor=small.officer, congress=small.congress, seats={small.org.pk: 1}, reason="x"
        )
    share = allocation.shares.first()
    with pytest.raises(DomainError, match="không được âm"):
        allocation_adjust(
            actor=small.officer,
            congress=small.congress,
            seats={},
            alternates={share.organization_id: -1},
            reason="x",
        )
    with pytest.raises(PermissionDenied):
        allocation_adjust(actor=small.member, congress=small.congress, seats={}, reason="x")
    assert snapshot(small) == before


def test_an_adjustment_that_changes_nothing_needs_no_reason(small):
    allocation = prepared(small)
    share = allocation.shares.first()
    allocation_adjust(
        actor=small.officer,
        congress=small.congress,
        seats={share.organization_id: share.seats},
        reason="",
    )
    share.refresh_from_db()
    assert not share.is_adjusted and share.adjustment_reason == ""
    assert AuditEvent.objects.get(verb="allocation.adjust").data["changes"] == {}


def test_alternates_alone_may_be_adjusted_with_a_reason(small):
    allocation = prepared(small)
    share = allocation.shares.first()
    allocation_adjust(
        actor=small.officer,
        congress=small.congress,
        seats={},
        alternates={share.organization_id: share.alternates + 2},
        reason="Đơn vị xa",
    )
    share.refresh_from_db()
    assert share.adjustment_reason == "Đơn vị xa" and share.seats == share.computed_seats


def test_whether_the_decision_can_be_issued_now(small):
    assert allocation_problem(small.congress) == "Chưa phân bổ đại biểu."
    prepared(small)
    assert allocation_problem(small.congress) is None
    issued_allocation = issued_again(small)
    assert issued_allocation.issued_on == TODAY
    assert allocation_problem(small.congress) == "Quyết định phân bổ đại biểu đã được ban hành."
    with pytest.raises(DomainError, match="đã được ban hành"):
        allocation_issued(
            actor=small.officer, congress=small.congress, number_symbol="2", day=TODAY
        )


def issued_again(p):
    """Issue the decision prepared already (the register numbers it and calls allocation_issued)."""
    report_issue(user=p.officer, kind=ReportKind.DELEGATE_ALLOCATION, obj=p.congress, day=TODAY)
    return Allocation.objects.get(congress=p.congress)
