"""apps/personnel/convened_base.py: the base of an election comes from the attendance record when
there is one (and must then be quorate and uncontradicted), else from the figures typed."""

import pytest

from apps.core.errors import DomainError
from apps.personnel import convened_base
from apps.personnel.convened_base import (
    RecordedBase,
    convened_figures,
    recorded_base,
    register_base_reader,
)

CONGRESS = object()  # the readers below do not look at it


@pytest.fixture
def readers(monkeypatch):
    """A fresh reader list (the attendance app's own reader is registered when Django starts)."""
    fresh: list = []
    monkeypatch.setattr(convened_base, "_readers", fresh)
    return fresh


def _reader(found):
    return lambda congress: found


def test_without_a_record_the_typed_figures_are_used(readers):
    assert recorded_base(CONGRESS) is None
    assert convened_figures(CONGRESS, 150, 2) == (150, 2)
    assert convened_figures(CONGRESS, 150, None) == (150, 0)


def test_without_a_record_the_summoned_must_be_typed(readers):
    with pytest.raises(DomainError, match="Nhập số được triệu tập") as info:
        convened_figures(CONGRESS, None, 3)
    assert info.value.field == "summoned"


def test_the_first_reader_that_knows_the_congress_answers(readers):
    found = RecordedBase(summoned=150, excused=2, present=148, needed=100, quorate=True)
    register_base_reader(_reader(None))
    register_base_reader(_reader(found))
    assert recorded_base(CONGRESS) == found
    assert found.base == 148


def test_registering_the_same_reader_twice_keeps_one(readers):
    reader = _reader(None)
    register_base_reader(reader)
    register_base_reader(reader)
    assert readers == [reader]


def test_a_quorate_record_gives_its_figures_and_accepts_the_same_typed(readers):
    register_base_reader(_reader(RecordedBase(150, 2, 148, 100, True)))
    assert convened_figures(CONGRESS, None, None) == (150, 2)
    assert convened_figures(CONGRESS, 150, 2) == (150, 2)


def test_typed_figures_contradicting_the_record_are_refused(readers):
    register_base_reader(_reader(RecordedBase(150, 2, 148, 100, True)))
    with pytest.raises(DomainError, match="150 triệu tập, 2 vắng mặt") as info:
        convened_figures(CONGRESS, 150, 0)
    assert info.value.field == "summoned"
    with pytest.raises(DomainError, match="không nhập số khác"):
        convened_figures(CONGRESS, 151, 2)


def test_nobody_checked_in_is_refused(readers):
    register_base_reader(_reader(RecordedBase(150, 150, 0, 100, False)))
    with pytest.raises(DomainError, match="Chưa đại biểu nào được điểm danh"):
        convened_figures(CONGRESS, None, None)


def test_below_the_quorum_is_refused_with_the_numbers(readers):
    register_base_reader(_reader(RecordedBase(150, 51, 99, 100, False)))
    with pytest.raises(DomainError, match="có mặt 99/150, cần ít nhất 100"):
        convened_figures(CONGRESS, None, None)
