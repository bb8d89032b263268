"""The quorum and the convened base come from the attendance record (issue 22, Must show):
with 2/3 in the rule set, 101 of 150 present is quorate and 99 is not, and the committee
election's tally counts from the base the record gives (present = summoned − absent)."""

import pytest
from django.utils import timezone

from apps.attendance.models import Attendance, AttendanceStatus, CheckInMethod
from apps.attendance.selectors import attendance_count, recorded_base
from apps.attendance.services import attendance_checkin, attendance_excuse
from apps.attendance.tokens import card_token
from apps.congresses.models import CongressKind, CongressStatus
from apps.core.errors import DomainError
from apps.personnel import services as personnel
from apps.personnel.models import ElectionResult
from tests.factories import CongressFactory, approved_plan

from .conftest import OPENING, at, seat


def present(congress, delegates, actor) -> None:
    """Check in many at once (the door's own path is tested one by one elsewhere)."""
    Attendance.objects.bulk_create(
        [
            Attendance(
                congress=congress,
                delegate=d,
                status=AttendanceStatus.PRESENT,
                method=CheckInMethod.TYPED,
                checked_in_at=timezone.now(),
                checked_in_by=actor,
            )
            for d in delegates
        ]
    )


@pytest.fixture
def congress150(tree):
    from .conftest import two_thirds_quorum

    two_thirds_quorum()
    congress = CongressFactory(
        organization=tree.qb,
        ordinal="XVII",
        kind=CongressKind.DELEGATES,
        opening_date=OPENING,
        days=2,
        status=CongressStatus.IN_SESSION,
    )
    delegates = seat(congress, [tree.ptm, tree.ankt, tree.ptm_cell], 150)
    return congress, delegates


def record(tree, congress, votes, **figures):
    plan = personnel.approved_plan(congress)
    candidates = list(plan.candidates.order_by("position"))
    return personnel.results_record(
        actor=tree.qb_secretary,
        congress=congress,
        summoned=figures.get("summoned"),
        excused=figures.get("excused"),
        ballots_issued=figures.get("issued", 99),
        ballots_valid=figures.get("valid", 99),
        votes={c.pk: n for c, n in zip(candidates, votes, strict=True)},
        election_date=OPENING,
        today=OPENING,
    )


@pytest.mark.parametrize(("n", "quorate"), [(99, False), (100, True), (101, True)])
def test_two_thirds_of_150(tree, congress150, n, quorate):
    congress, delegates = congress150
    present(congress, delegates[:n], tree.qb_officer)
    count = attendance_count(congress)
    assert (count.summoned, count.present, count.needed, count.quorate) == (150, n, 100, quorate)
    assert count.base == n and count.absent == 150 - n


def test_99_present_refuses_the_election_and_writes_nothing(tree, congress150):
    congress, delegates = congress150
    approved_plan(congress, seats=3, candidates=4)
    present(congress, delegates[:99], tree.qb_officer)
    with pytest.raises(DomainError, match="có mặt 99/150, cần ít nhất 100"):
        record(tree, congress, [60, 55, 52, 40])
    assert not ElectionResult.objects.exists()
    congress.refresh_from_db()
    assert congress.status == CongressStatus.IN_SESSION


def test_101_present_is_quorate_and_the_tally_counts_from_the_record(tree, congress150):
    congress, delegates = congress150
    approved_plan(congress, seats=3, candidates=4)
    present(congress, delegates[:99], tree.qb_officer)
    # the 100th by QR card, the 101st by typed code, through the door's own service
    attendance_checkin(
        actor=tree.qb_officer,
        congress=congress,
        token=card_token(congress_id=congress.pk, code=delegates[99].code),
        now=at(OPENING, 7, 30),
    )
    attendance_checkin(
        actor=tree.qb_officer, congress=congress, code=delegates[100].code, now=at(OPENING, 7, 31)
    )
    attendance_excuse(
        actor=tree.qb_officer,
        congress=congress,
        delegate_id=delegates[149].pk,
        reason="Công tác đột xuất",
        now=at(OPENING, 7, 32),
    )
    base = recorded_base(congress)
    assert base is not None
    assert (base.summoned, base.present, base.excused, base.base) == (150, 101, 49, 101)
    # base 101 → 51 votes needed: 51 wins, 50 does not (of 150 it would have been 76)
    result, tally = record(tree, congress, [90, 51, 50, 20], issued=101, valid=100)
    assert (result.summoned, result.excused, result.base) == (150, 49, 101)
    assert tally.needed == 51
    names = dict(personnel.approved_plan(congress).candidates.values_list("pk", "full_name"))
    assert [names[pk] for pk in tally.elected] == ["Nguyễn Văn A", "Nguyễn Văn B"]
    assert tally.seats_left == 1


def test_typed_figures_that_contradict_the_record_are_refused(tree, congress150):
    congress, delegates = congress150
    approved_plan(congress, seats=3, candidates=4)
    present(congress, delegates[:120], tree.qb_officer)
    with pytest.raises(DomainError, match="lấy từ điểm danh đại biểu \\(150 triệu tập, 30 vắng"):
        record(tree, congress, [90, 80, 70, 20], summoned=150, excused=2)
    assert not ElectionResult.objects.exists()
    # the same figures as the record are accepted (an API client that sends them)
    result, _tally = record(tree, congress, [90, 80, 70, 20], summoned=150, excused=30)
    assert result.base == 120


def test_a_list_in_the_portal_but_nobody_checked_in_refuses_the_election(tree, congress150):
    congress, _delegates = congress150
    approved_plan(congress, seats=3, candidates=4)
    base = recorded_base(congress)
    assert base is not None and (base.summoned, base.present) == (150, 0)
    with pytest.raises(DomainError, match="hãy điểm danh trước khi ghi kết quả"):
        record(tree, congress, [90, 80, 75, 20], summoned=150, excused=2, issued=148)
    assert not ElectionResult.objects.exists()


def test_without_a_delegate_list_in_the_portal_the_typed_base_stands(tree):
    congress = CongressFactory(
        organization=tree.qb,
        kind=CongressKind.DELEGATES,
        opening_date=OPENING,
        days=2,
        status=CongressStatus.IN_SESSION,
    )
    approved_plan(congress, seats=3, candidates=4)
    assert recorded_base(congress) is None
    result, tally = record(tree, congress, [90, 80, 75, 20], summoned=150, excused=2, issued=148)
    assert result.base == 148 and tally.needed == 75


def test_without_a_quorum_rule_the_base_still_comes_from_the_record(tree, congress150):
    congress, delegates = congress150
    rule_set = congress.term.rule_set
    rule_set.attendance_quorum_numerator = rule_set.attendance_quorum_denominator = None
    rule_set.save()
    approved_plan(congress, seats=3, candidates=4)
    present(congress, delegates[:60], tree.qb_officer)
    count = attendance_count(congress)
    assert count.needed is None and count.quorate
    result, tally = record(tree, congress, [40, 31, 30, 1], issued=60, valid=60)
    assert result.base == 60 and tally.needed == 31


def test_counting_takes_one_query_whatever_the_list(tree, congress150, django_assert_num_queries):
    congress, delegates = congress150
    present(congress, delegates[:101], tree.qb_officer)
    congress = type(congress).objects.select_related("term__rule_set").get(pk=congress.pk)
    with django_assert_num_queries(1):
        attendance_count(congress)
