"""apps/delegates/elections.py: the election of delegates at each subordinate congress, counted
against the convened base, and the delegates it puts on the upper congress's list."""

from __future__ import annotations

import pytest

from apps.core.errors import DomainError, PermissionDenied
from apps.delegates.elections import delegate_election_open
from apps.delegates.models import (
    CandidateOutcome,
    Delegate,
    DelegateElection,
    DelegateStatus,
)
from tests.delegates.steps import election_with, issued, prepared, record, snapshot

pytestmark = pytest.mark.django_db


def test_election_before_the_decision_is_issued_is_refused(small):
    prepared(small)
    with pytest.raises(DomainError, match="chưa được ban hành"):
        delegate_election_open(actor=small.unit_secretaries[0], congress=small.unit_congresses[0])
    assert not DelegateElection.objects.exists()


def test_a_result_with_more_delegates_than_seats_is_refused_and_nothing_written(small):
    issued(small)
    election, cands = election_with(small, 0, 6)
    seats = election.share.seats
    before = snapshot(small)
    with pytest.raises(DomainError) as refused:
        record(small, 0, election, {c.pk: 50 for c in cands}, official_seats=seats + 1)
    assert f"được phân bổ {seats} đại biểu chính thức" in refused.value.message
    assert "vượt số được phân bổ" in refused.value.message
    assert snapshot(small) == before
    assert set(c.outcome for c in election.candidates.all()) == {CandidateOutcome.PENDING}


def test_a_tie_at_the_cut_off_needs_a_new_vote(small):
    issued(small)
    election, cands = election_with(small, 0, 6)
    seats = election.share.seats
    votes = {c.pk: 50 - i for i, c in enumerate(cands)}
    votes[cands[seats].pk] = votes[cands[seats - 1].pk]  # tie at the last official seat
    before = snapshot(small)
    with pytest.raises(DomainError) as refused:
        record(small, 0, election, votes)
    assert "bầu lại" in refused.value.message
    assert cands[seats].full_name in refused.value.message
    assert cands[seats - 1].full_name in refused.value.message
    assert snapshot(small) == before


def test_more_than_half_of_the_base_and_the_highest_win(small):
    issued(small)
    election, cands = election_with(small, 0, 6)
    seats, alternates = election.share.seats, election.share.alternates
    # base 58 → 30 votes needed; the last candidate has 29
    votes = {c.pk: 57 - i for i, c in enumerate(cands)}
    votes[cands[-1].pk] = 29
    counted = record(small, 0, election, votes)
    assert counted.base == 58 and counted.needed == 30
    assert [c.pk for c in counted.official] == [c.pk for c in cands[:seats]]
    assert [c.pk for c in counted.alternates] == [c.pk for c in cands[seats : seats + alternates]]
    on_list = Delegate.objects.filter(congress=small.congress, source=small.units[0])
    assert on_list.filter(status=DelegateStatus.OFFICIAL).count() == seats
    assert list(
        on_list.filter(status=DelegateStatus.ALTERNATE).values_list("vote_rank", flat=True)
    ) == list(range(seats + 1, seats + alternates + 1))
    last = election.candidates.get(pk=cands[-1].pk)
    assert last.outcome == CandidateOutcome.NOT_ELECTED and last.votes == 29
    with pytest.raises(DomainError, match="đã được ghi"):
        record(small, 0, election, votes)  # nothing typed twice


def test_someone_elses_election_is_not_recorded(small):
    issued(small)
    election, cands = election_with(small, 0, 4)
    for user in (small.unit_secretaries[1], small.member):
        with pytest.raises(PermissionDenied):
            record(small, 0, election, {c.pk: 50 for c in cands}, actor=user, official_seats=1)
    assert not Delegate.objects.filter(election=election).exists()
