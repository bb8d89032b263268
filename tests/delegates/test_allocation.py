"""apps/delegates/allocation.py: preparing the allocation of seats from the membership counts,
adjusting it by hand with a reason, and fixing it once the decision is issued."""

from __future__ import annotations

import re

import pytest

from apps.core.errors import DomainError, PermissionDenied
from apps.delegates.allocation import allocation_adjust, allocation_prepare
from apps.delegates.models import (
    AllocationShare,
    Delegate,
)
from apps.organizations.models import MembershipCount
from apps.reports.builders import ReportKind
from apps.reports.services import report_issue
from tests.delegates.province import COUNTS_AS_OF, DECIDED, TODAY
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
