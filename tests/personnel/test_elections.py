"""apps/personnel/elections.py: counting an election against the convened base (Art. 30)."""

from apps.personnel.elections import tally, votes_needed


def test_worked_example_base_148_needs_75():
    base = 150 - 2
    assert votes_needed(base) == 75
    result = tally(base=base, seats=15, votes={1: 75, 2: 74, 3: 148})
    assert result.elected == [3, 1]
    assert 2 not in result.elected
    assert result.seats_left == 13


def test_more_passing_than_seats_takes_the_highest():
    result = tally(base=100, seats=2, votes={1: 90, 2: 80, 3: 70, 4: 60})
    assert result.elected == [1, 2] and result.tie == []


def test_tie_at_the_cut_off_needs_a_new_vote():
    result = tally(base=100, seats=2, votes={1: 90, 2: 70, 3: 70, 4: 60})
    assert result.elected == [1]
    assert sorted(result.tie) == [2, 3]
    assert result.seats_left == 1


def test_tie_that_fits_the_seats_is_no_tie():
    result = tally(base=100, seats=3, votes={1: 90, 2: 70, 3: 70, 4: 40})
    assert result.elected == [1, 2, 3] and result.tie == []


def test_more_than_half_of_odd_and_even_bases():
    assert [votes_needed(b) for b in (1, 2, 3, 4, 149, 150)] == [1, 2, 2, 3, 75, 76]


def test_nobody_passing_leaves_every_seat_open():
    result = tally(base=100, seats=3, votes={1: 50, 2: 10})  # 50 is half, not more
    assert (result.needed, result.elected, result.tie, result.seats_left) == (51, [], [], 3)


def test_a_tie_among_everyone_passing_elects_nobody_from_it():
    result = tally(base=10, seats=1, votes={1: 8, 2: 8, 3: 8})
    assert result.elected == [] and sorted(result.tie) == [1, 2, 3] and result.seats_left == 1


def test_no_votes_at_all():
    result = tally(base=0, seats=2, votes={})
    assert result.base == 0 and result.needed == 1
    assert result.elected == [] and result.seats_left == 2
