"""The pure delegate rules: largest remainder with at least one seat each, stated tie order,
alternates, the optional attendance quorum."""

from fractions import Fraction

import pytest

from apps.delegates.rules import (
    AllocationImpossible,
    Unit,
    allocate,
    alternates_for,
    is_quorate,
    quorum_needed,
)


def seats_of(result):
    return {r.code: r.seats for r in result}


def test_largest_remainder_in_proportion():
    units = [Unit(1, "A", 500), Unit(2, "B", 300), Unit(3, "C", 200)]
    # quotas 5, 3, 2 exactly
    assert seats_of(allocate(seats=10, units=units)) == {"A": 5, "B": 3, "C": 2}
    # 11 seats: quotas 5.5, 3.3, 2.2 → floors 5, 3, 2 and the one left to A (largest remainder)
    assert seats_of(allocate(seats=11, units=units)) == {"A": 6, "B": 3, "C": 2}


def test_every_unit_gets_at_least_one_and_the_rest_is_recomputed():
    units = [Unit(1, "BIG", 990), Unit(2, "S1", 5), Unit(3, "S2", 5)]
    result = allocate(seats=10, units=units)
    assert seats_of(result) == {"BIG": 8, "S1": 1, "S2": 1}
    assert sum(r.seats for r in result) == 10


def test_ties_go_to_the_larger_membership_then_the_smaller_code():
    # equal remainders (each quota 1.5 of 3 seats among 2 equal units): code decides
    units = [Unit(1, "B", 100), Unit(2, "A", 100)]
    assert seats_of(allocate(seats=3, units=units)) == {"A": 2, "B": 1}
    # order of input never matters
    assert seats_of(allocate(seats=3, units=list(reversed(units)))) == {"A": 2, "B": 1}


def test_fewer_seats_than_units_is_impossible():
    with pytest.raises(AllocationImpossible):
        allocate(seats=1, units=[Unit(1, "A", 1), Unit(2, "B", 1)])
    with pytest.raises(AllocationImpossible):
        allocate(seats=3, units=[])


def test_units_without_members_still_get_one():
    result = allocate(seats=4, units=[Unit(1, "A", 0), Unit(2, "B", 0), Unit(3, "C", 10)])
    assert seats_of(result) == {"A": 1, "B": 1, "C": 2}


def test_alternates_round_up_and_at_least_one():
    assert alternates_for(5, 10) == 1
    assert alternates_for(11, 10) == 2
    assert alternates_for(20, 10) == 2
    assert alternates_for(5, 0) == 0


def test_quorum_two_thirds_of_150():
    two_thirds = Fraction(2, 3)
    assert quorum_needed(150, two_thirds) == 100
    assert is_quorate(present=101, summoned=150, quorum=two_thirds)
    assert is_quorate(present=100, summoned=150, quorum=two_thirds)
    assert not is_quorate(present=99, summoned=150, quorum=two_thirds)
    assert is_quorate(present=0, summoned=150, quorum=None)  # no quorum rule in the rule set
