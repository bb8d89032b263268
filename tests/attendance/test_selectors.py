"""Reads of the congress day: the counts against the quorum, the list and its filters, what a
card prints, a delegate's own seats, and the base an election reads from the record."""

import datetime as dt
from fractions import Fraction

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from apps.attendance.models import Attendance, AttendanceStatus, CheckInMethod
from apps.attendance.selectors import (
    AttendanceCount,
    attendance_count,
    attendance_rows,
    card_faces,
    card_header,
    own_cards,
    recent_checkins,
    recorded_base,
    seated,
)
from apps.attendance.tokens import CardClaim, read_token
from apps.congresses.models import CongressKind
from apps.delegates.models import DelegateStatus
from tests.factories import CongressFactory, UserFactory

from .conftest import seat

pytestmark = pytest.mark.django_db


def present(delegate, *, minutes: int = 0) -> Attendance:
    return Attendance.objects.create(
        congress_id=delegate.congress_id,
        delegate=delegate,
        status=AttendanceStatus.PRESENT,
        method=CheckInMethod.TYPED,
        checked_in_at=timezone.now() + dt.timedelta(minutes=minutes),
    )


def excused(delegate, reason: str = "Ốm") -> Attendance:
    return Attendance.objects.create(
        congress_id=delegate.congress_id,
        delegate=delegate,
        status=AttendanceStatus.EXCUSED,
        excused_reason=reason,
        excused_at=timezone.now(),
    )


@pytest.mark.parametrize(
    ("summoned", "present_", "excused_", "quorum", "needed", "missing", "quorate", "absent"),
    [
        (150, 99, 10, Fraction(2, 3), 100, 1, False, 51),
        (150, 100, 0, Fraction(2, 3), 100, 0, True, 50),
        (150, 120, 5, Fraction(2, 3), 100, 0, True, 30),
        (10, 0, 0, None, None, 0, True, 10),  # no quorum rule: nothing is missing
    ],
)
def test_the_counts_arithmetic(
    summoned, present_, excused_, quorum, needed, missing, quorate, absent
):
    count = AttendanceCount(summoned=summoned, present=present_, excused=excused_, quorum=quorum)
    assert count.needed == needed and count.missing == missing
    assert count.quorate is quorate and count.absent == absent
    assert count.not_arrived == summoned - present_ - excused_
    assert count.base == present_  # summoned minus the absent without a replacement


def test_seated_are_the_official_delegates_only(tree, today_congress):
    congress, delegates = today_congress
    delegates[1].status = DelegateStatus.REPLACED
    delegates[1].save()
    delegates[2].status = DelegateStatus.DISQUALIFIED
    delegates[2].status_reason = "Bị khởi tố"
    delegates[2].save()
    assert set(seated(congress)) == {delegates[0], delegates[3]}
    assert set(seated(congress.pk)) == {delegates[0], delegates[3]}


def test_the_count_reads_the_record_in_one_query(tree, today_congress, django_assert_num_queries):
    congress, delegates = today_congress
    present(delegates[0])
    present(delegates[1])
    excused(delegates[2])
    congress.term.rule_set  # noqa: B018  (read before counting: the count itself is one query)
    with django_assert_num_queries(1):
        count = attendance_count(congress)
    assert (count.summoned, count.present, count.excused, count.not_arrived) == (4, 2, 1, 1)
    assert count.quorum == Fraction(2, 3) and count.needed == 3 and count.missing == 1


@pytest.mark.parametrize(
    ("state", "expected"),
    [
        ("", [0, 1, 2, 3]),
        ("present", [0]),
        ("excused", [2]),
        ("waiting", [1, 3]),
        ("x", [0, 1, 2, 3]),
    ],
)
def test_rows_filter_by_state_with_their_record(tree, today_congress, state, expected):
    congress, delegates = today_congress
    record = present(delegates[0])
    excused(delegates[2])
    rows = attendance_rows(congress, state=state)
    assert sorted(delegates.index(r.delegate) for r in rows) == expected
    by_delegate = {r.delegate: r.record for r in attendance_rows(congress)}
    assert by_delegate[delegates[0]] == record and by_delegate[delegates[1]] is None


def test_rows_come_by_delegation_then_name(tree, today_congress):
    congress, delegates = today_congress
    rows = attendance_rows(congress)
    # PTM's path sorts before ANKT's? Whatever the tree says: grouped by source, names in order.
    sources = [r.delegate.source for r in rows]
    assert sources == sorted(sources, key=lambda s: s.path)
    ptm_names = [r.delegate.full_name for r in rows if r.delegate.source == tree.ptm]
    assert ptm_names == sorted(ptm_names) and len(ptm_names) == 3


def test_recent_check_ins_are_the_latest_presences_only(tree, today_congress):
    congress, delegates = today_congress
    present(delegates[0], minutes=1)
    present(delegates[1], minutes=5)
    present(delegates[3], minutes=3)
    excused(delegates[2])
    assert [a.delegate for a in recent_checkins(congress)] == [
        delegates[1],
        delegates[3],
        delegates[0],
    ]
    assert [a.delegate for a in recent_checkins(congress, limit=1)] == [delegates[1]]


def test_a_one_day_congress_prints_one_date_and_falls_back_to_the_organisations_place(tree):
    congress = CongressFactory(
        organization=tree.ptm, ordinal="V", opening_date=dt.date(2020, 4, 8), days=1, place=""
    )
    header = card_header(congress)
    assert header.superior_name == tree.qb.name and header.organization_name == tree.ptm.name
    assert header.congress_line == f"{congress.get_kind_display()} lần thứ V"
    assert header.term_line == f"nhiệm kỳ {congress.term}"
    place = tree.ptm.place_name
    assert header.place_and_dates == (f"{place}, 08/04/2020" if place else "08/04/2020")


def test_the_root_has_no_superior_on_its_cards(tree):
    congress = CongressFactory(organization=tree.central, place="Hà Nội", days=1)
    header = card_header(congress)
    assert header.superior_name == "" and header.place_and_dates.startswith("Hà Nội, ")


def test_card_faces_carry_a_token_that_reads_back_and_filter_by_delegation(tree, today_congress):
    congress, delegates = today_congress
    delegates[3].status = DelegateStatus.DISQUALIFIED
    delegates[3].status_reason = "Bị khởi tố"
    delegates[3].save()
    faces = card_faces(congress)
    assert {f.code for f in faces} == {d.code for d in delegates[:3]}
    for face in faces:
        assert read_token(face.token, congress_id=congress.pk) == CardClaim(congress.pk, face.code)
    ankt = card_faces(congress, source_id=tree.ankt.pk)
    assert [(f.name, f.delegation) for f in ankt] == [(delegates[2].full_name, tree.ankt.name)]


def test_own_cards_are_the_persons_official_seats_only(tree, today_congress):
    congress, delegates = today_congress
    person = UserFactory(username="daibieu")
    delegates[0].user = person
    delegates[0].save()
    other = seat(CongressFactory(organization=tree.ht), [tree.ht_ptm], 1)[0]
    other.user = person
    other.status = DelegateStatus.REPLACED
    other.save()
    assert list(own_cards(person)) == [delegates[0]]
    assert not own_cards(UserFactory(username="khac")).exists()
    assert not own_cards(AnonymousUser()).exists()


def test_recorded_base_answers_for_a_delegates_list_only(tree, today_congress):
    congress, delegates = today_congress
    base = recorded_base(congress)
    assert (base.summoned, base.present, base.excused, base.needed, base.quorate) == (
        4,
        0,
        4,
        3,
        False,
    )
    for d in delegates[:3]:
        present(d)
    base = recorded_base(congress)
    assert (base.present, base.excused, base.quorate) == (3, 1, True)
    empty = CongressFactory(organization=tree.ptm, kind=CongressKind.DELEGATES)
    assert recorded_base(empty) is None  # the list is kept on paper
    all_members = CongressFactory(organization=tree.ankt, kind=CongressKind.ALL_MEMBER)
    seat(all_members, [tree.ankt], 2)
    assert recorded_base(all_members) is None


def test_the_cards_date_range_never_breaks_inside(tree, today_congress):
    """A card's line is narrow: it may break after the place, never between the two dates."""
    congress, _delegates = today_congress
    congress.days = 2
    first, last = congress.opening_date, congress.opening_date + dt.timedelta(days=1)
    line = card_header(congress).place_and_dates
    assert line.endswith(f"{first:%d/%m/%Y}\u00a0–\u00a0{last:%d/%m/%Y}")
