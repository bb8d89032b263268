"""apps/personnel/composition.py: the surplus cap and the composition shares at the opening date."""

import datetime as dt

import pytest

from apps.personnel.composition import Person, age_on, composition, surplus_cap, surplus_problems


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


def test_a_birthday_on_29_february_counts_from_1_march_in_other_years():
    assert age_on(dt.date(1980, 2, 29), dt.date(2020, 2, 28)) == 39
    assert age_on(dt.date(1980, 2, 29), dt.date(2020, 2, 29)) == 40
    assert age_on(dt.date(1980, 2, 29), dt.date(2021, 2, 28)) == 40
    assert age_on(dt.date(1980, 2, 29), dt.date(2021, 3, 1)) == 41


def test_an_empty_list_has_zero_shares_and_misses_every_target():
    shares = composition([], on=dt.date(2020, 7, 1), targets={"women_min_percent": 15})
    assert [s.key for s in shares] == ["under_40", "women", "renewal", "minority"]
    assert all(s.count == 0 and s.total == 0 and s.percent == 0.0 for s in shares)
    assert [s.meets_target for s in shares] == [None, False, None, None]


def test_ethnicity_is_read_without_case_or_spaces_and_blank_counts_as_kinh():
    people = [
        Person(dt.date(1970, 1, 1), "male", " KINH ", True),
        Person(dt.date(1970, 1, 1), "male", "", True),
        Person(dt.date(1970, 1, 1), "male", "Ê Đê", True),
    ]
    shares = {s.key: s for s in composition(people, on=dt.date(2020, 1, 1), targets={})}
    assert shares["minority"].count == 1 and shares["minority"].percent == 33.3
    assert shares["renewal"].count == 0


def test_a_target_met_exactly_counts_as_met():
    people = [
        Person(dt.date(1970, 1, 1), s, "Kinh", True) for s in ("female", "male", "male", "male")
    ]
    (women,) = [
        s
        for s in composition(people, on=dt.date(2020, 1, 1), targets={"women_min_percent": 25})
        if s.key == "women"
    ]
    assert women.percent == 25.0 and women.meets_target is True


def test_a_list_no_longer_than_the_seats_is_refused_with_its_numbers():
    assert surplus_problems(candidates=0, seats=1, cap_percent=30) == [
        "Danh sách phải nhiều hơn số cấp ủy viên cần bầu: có 0 người cho 1 chỗ."
    ]
    assert surplus_cap(1, 0) == 2  # never less than one extra name
    assert surplus_cap(10, 50) == 15
