"""apps/delegates/elections.py: the election of delegates at each subordinate congress, counted
against the convened base, and the delegates it puts on the upper congress's list."""

from __future__ import annotations

import datetime as dt

import pytest

from apps.congresses.models import Congress, CongressStatus
from apps.core.errors import DomainError, PermissionDenied
from apps.delegates.elections import (
    CandidateInput,
    delegate_candidate_remove,
    delegate_candidates_add,
    delegate_election_open,
    upper_congress_of,
)
from apps.delegates.models import (
    CandidateOutcome,
    Delegate,
    DelegateElection,
    DelegateStatus,
)
from tests.delegates.province import BELOW
from tests.delegates.steps import election_with, issued, prepared, record, snapshot
from tests.factories import CongressFactory, term

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


def test_the_upper_congress_is_the_superiors_that_allocated_seats_to_the_unit(small):
    assert upper_congress_of(small.congress) is None  # the province's superior has none
    assert upper_congress_of(small.unit_congresses[0]) is None  # nothing allocated yet
    prepared(small)
    assert upper_congress_of(small.unit_congresses[0]) == small.congress
    other_term = CongressFactory(
        organization=small.units[0], term=term("2025-2030"), opening_date=dt.date(2025, 6, 1)
    )
    assert upper_congress_of(other_term) is None


def test_opening_twice_gives_the_same_list_and_strangers_cannot_open(small):
    issued(small)
    first = delegate_election_open(
        actor=small.unit_secretaries[0], congress=small.unit_congresses[0]
    )
    again = delegate_election_open(actor=small.officer, congress=small.unit_congresses[0])
    assert first.pk == again.pk and DelegateElection.objects.count() == 1
    assert (first.official_seats, first.alternate_seats) == (
        first.share.seats,
        first.share.alternates,
    )
    with pytest.raises(PermissionDenied):
        delegate_election_open(actor=small.unit_secretaries[0], congress=small.unit_congresses[1])
    with pytest.raises(DomainError, match="chưa phân bổ đại biểu"):
        delegate_election_open(actor=small.secretary, congress=small.congress)
    assert DelegateElection.objects.count() == 1


def test_candidates_without_a_name_or_a_valid_sex_are_refused_together(small):
    issued(small)
    election, cands = election_with(small, 0, 2)
    people = [
        CandidateInput(" ", dt.date(1980, 1, 1), "male"),
        CandidateInput("Đủ", dt.date(1980, 1, 1), "nam"),
    ]
    with pytest.raises(DomainError) as refused:
        delegate_candidates_add(actor=small.unit_secretaries[0], election=election, people=people)
    assert refused.value.message == "Người thứ 1: thiếu họ và tên."
    assert refused.value.reasons == [
        "Người thứ 1: thiếu họ và tên.",
        "Người thứ 2: giới tính không hợp lệ.",
    ]
    assert election.candidates.count() == 2


def test_added_candidates_continue_the_list_with_their_facts_cleaned(small):
    issued(small)
    election, cands = election_with(small, 0, 2)
    (added,) = delegate_candidates_add(
        actor=small.unit_secretaries[0],
        election=election,
        people=[CandidateInput("  Lê Thị Ba ", dt.date(1990, 2, 3), "female", ethnicity=" ")],
    )
    assert (added.position, added.full_name, added.ethnicity) == (3, "Lê Thị Ba", "Kinh")
    assert added.outcome == CandidateOutcome.PENDING


def test_a_candidate_is_removed_until_the_result_is_recorded(small):
    issued(small)
    election, cands = election_with(small, 0, 6)
    delegate_candidate_remove(actor=small.unit_secretaries[0], candidate=cands[-1])
    assert election.candidates.count() == 5
    with pytest.raises(PermissionDenied):
        delegate_candidate_remove(actor=small.unit_secretaries[1], candidate=cands[0])
    record(small, 0, election, {c.pk: 57 - k for k, c in enumerate(cands[:-1])})
    with pytest.raises(DomainError, match="đã được ghi"):
        delegate_candidate_remove(actor=small.unit_secretaries[0], candidate=cands[0])
    assert election.candidates.count() == 5


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"official_seats": 0}, "ít nhất 1 đại biểu chính thức"),
        ({"election_date": BELOW - dt.timedelta(days=1)}, "Ngày bầu phải trong những ngày"),
        ({"today": BELOW - dt.timedelta(days=1)}, "Ngày bầu phải trong những ngày"),
        ({"excused": 61}, "Số được trừ không được lớn hơn"),
        ({"ballots_issued": 59, "ballots_valid": 58}, "Số phiếu không hợp lệ"),
        ({"ballots_valid": 59}, "Số phiếu không hợp lệ"),
        ({"summoned": None}, "Nhập số được triệu tập"),
    ],
)
def test_bad_figures_are_refused_and_nothing_written(small, overrides, message):
    issued(small)
    election, cands = election_with(small, 0, 6)
    before = snapshot(small)
    with pytest.raises(DomainError, match=message):
        record(small, 0, election, {c.pk: 40 for c in cands}, **overrides)
    assert snapshot(small) == before


def test_votes_must_cover_the_list_exactly_and_stay_within_the_valid_ballots(small):
    issued(small)
    election, cands = election_with(small, 0, 4)
    before = snapshot(small)
    with pytest.raises(DomainError, match="mọi người trong danh sách bầu"):
        record(small, 0, election, {c.pk: 40 for c in cands[:-1]})
    with pytest.raises(DomainError, match="mọi người trong danh sách bầu"):
        record(small, 0, election, {**{c.pk: 40 for c in cands}, 999999: 1})
    with pytest.raises(
        DomainError, match=f"từ 0 đến số phiếu hợp lệ \\(58\\): {cands[0].full_name}"
    ):
        record(small, 0, election, {**{c.pk: 40 for c in cands}, cands[0].pk: 59})
    assert snapshot(small) == before


def test_an_empty_list_or_a_congress_not_yet_open_records_nothing(small):
    issued(small)
    election = delegate_election_open(
        actor=small.unit_secretaries[0], congress=small.unit_congresses[0]
    )
    with pytest.raises(DomainError, match="Chưa có danh sách bầu"):
        record(small, 0, election, {})
    Congress.objects.filter(pk=small.unit_congresses[0].pk).update(status=CongressStatus.APPROVED)
    with pytest.raises(DomainError, match="khi đại hội đã khai mạc"):
        record(small, 0, election, {})
    Congress.objects.filter(pk=small.unit_congresses[0].pk).update(status=CongressStatus.IN_SESSION)
    Congress.objects.filter(pk=small.congress.pk).update(status=CongressStatus.IN_SESSION)
    with pytest.raises(DomainError, match="Đại hội cấp trên đã khai mạc"):
        record(small, 0, election, {})


def test_too_few_passing_leaves_seats_open_and_no_alternates_elected(small):
    issued(small)
    election, cands = election_with(small, 0, 4)
    # base 58 → 30 needed: only the first passes
    votes = {cands[0].pk: 50, cands[1].pk: 29, cands[2].pk: 10, cands[3].pk: 0}
    counted = record(small, 0, election, votes, official_seats=2, alternate_seats=1)
    assert [c.pk for c in counted.official] == [cands[0].pk]
    assert counted.alternates == [] and counted.official_left == 1 and counted.alternates_left == 1
    assert Delegate.objects.filter(election=election).count() == 1
