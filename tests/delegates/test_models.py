"""apps/delegates/models.py: card codes, the figures the pages read from an allocation, a share
and an election, and the constraints the database keeps."""

import datetime as dt
import re

import pytest
from django.db import IntegrityError, transaction

from apps.delegates.models import (
    CODE_ALPHABET,
    CODE_LENGTH,
    Allocation,
    AllocationShare,
    Delegate,
    DelegateElection,
    DelegateStatus,
    new_delegate_code,
)
from tests.delegates.steps import prepared


def test_card_codes_use_only_letters_and_digits_that_cannot_be_misread():
    codes = {new_delegate_code() for _ in range(500)}
    assert len(codes) > 490  # random, not a sequence
    for code in codes:
        assert len(code) == CODE_LENGTH and set(code) <= set(CODE_ALPHABET)
    assert not set("01OIL") & set(CODE_ALPHABET)


def test_figures_read_from_an_allocation_a_share_and_an_election():
    allocation = Allocation(seats=150, by_right=17)
    assert allocation.to_allocate == 133 and not allocation.is_issued
    allocation.issued_on = dt.date(2020, 4, 20)
    assert allocation.is_issued
    assert not AllocationShare(computed_seats=4, seats=4).is_adjusted
    assert AllocationShare(computed_seats=4, seats=5).is_adjusted
    election = DelegateElection()
    assert election.base is None and not election.is_recorded
    election.summoned, election.excused = 60, 2
    assert election.base == 58
    assert Delegate(status=DelegateStatus.OFFICIAL).is_official
    assert not Delegate(status=DelegateStatus.ALTERNATE).is_official


@pytest.mark.django_db
def test_a_share_keeps_at_least_one_seat_and_one_row_per_unit(small):
    allocation = prepared(small)
    share = allocation.shares.first()
    assert str(share) == f"{share.organization.code}: {share.seats} + {share.alternates}"
    with pytest.raises(IntegrityError), transaction.atomic():
        AllocationShare.objects.filter(pk=share.pk).update(seats=0)
    with pytest.raises(IntegrityError), transaction.atomic():
        AllocationShare.objects.create(
            allocation=allocation,
            organization=share.organization,
            official_members=1,
            computed_seats=1,
            seats=1,
        )
    share.refresh_from_db()
    assert share.seats >= 1 and allocation.shares.count() == 3


@pytest.mark.django_db
def test_by_right_never_above_the_seats(small):
    allocation = prepared(small)
    with pytest.raises(IntegrityError), transaction.atomic():
        Allocation.objects.filter(pk=allocation.pk).update(by_right=allocation.seats + 1)
    allocation.refresh_from_db()
    assert allocation.by_right == 3


@pytest.mark.django_db
def test_a_disqualified_delegate_carries_a_reason_and_codes_are_unique(small):
    prepared(small)
    delegate = Delegate.objects.filter(congress=small.congress).first()
    assert re.fullmatch(f"[{CODE_ALPHABET}]{{{CODE_LENGTH}}}", delegate.code)
    with pytest.raises(IntegrityError), transaction.atomic():
        Delegate.objects.filter(pk=delegate.pk).update(status=DelegateStatus.DISQUALIFIED)
    other = Delegate.objects.filter(congress=small.congress).exclude(pk=delegate.pk).first()
    with pytest.raises(IntegrityError), transaction.atomic():
        Delegate.objects.filter(pk=other.pk).update(code=delegate.code)
    delegate.refresh_from_db()
    assert delegate.status == DelegateStatus.OFFICIAL
    assert str(delegate) == delegate.full_name
