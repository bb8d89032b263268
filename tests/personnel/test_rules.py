"""Pure personnel rules: surplus cap, composition, and counting the election."""

import datetime as dt

import pytest

from apps.personnel.composition import Person, age_on, composition, surplus_cap, surplus_problems
from apps.personnel.elections import tally, votes_needed


@pytest.mark.parametrize(("candidates", "ok"), [(15, False), (16, True), (19, True), (20, False)])
def test_surplus_for_15_seats_at_the_cap_and_one_over(candidates, ok):
    assert surplus_cap(15, 30) == 19  # 15 + ⌊4.5⌋
    problems = surplus_problems(candidates=candidates, seats=15, cap_percent=30)
    assert (problems == []) is ok
    if candidates == 20:
        assert problems == [
            "Số dư vượt mức tối đa 30%: 15 chỗ cho phép tối đa 19 người, danh sách có 20 người."
        ]
    if candidates == 15:
        assert "phải nhiều hơn số cấp ủy viên" in problems[0]


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


def test_composition_at_the_congress_date():
    on = dt.date(2020, 7, 28)
    assert age_on(dt.date(1980, 7, 29), on) == 39  # 40 the day after the opening
    assert age_on(dt.date(1980, 7, 28), on) == 40
    people = [
        Person(dt.date(1980, 7, 29), "female", "Kinh", False),
        Person(dt.date(1970, 1, 1), "male", "Tày", True),
        Person(dt.date(1965, 1, 1), "male", "Kinh", True),
        Person(dt.date(1985, 1, 1), "male", "Kinh", False),
    ]
    shares = {
        s.key: s
        for s in composition(
            people, on=on, targets={"under_40_min_percent": 10, "women_min_percent": 30}
        )
    }
    assert shares["under_40"].count == 2 and shares["under_40"].percent == 50.0
    assert shares["under_40"].meets_target is True
    assert shares["women"].percent == 25.0 and shares["women"].meets_target is False
    assert shares["renewal"].count == 2
    assert shares["minority"].count == 1 and shares["minority"].meets_target is None


def test_small_committee_may_still_have_one_extra_name():
    assert surplus_cap(3, 30) == 4
    assert surplus_problems(candidates=4, seats=3, cap_percent=30) == []
    assert surplus_problems(candidates=5, seats=3, cap_percent=30) != []
