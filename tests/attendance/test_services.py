"""Checking delegates in at the door: by the card's QR token or the typed code; who may; and
every bad input refused with a clear message and nothing written."""

import datetime as dt

import pytest

from apps.attendance.models import Attendance, AttendanceStatus, CheckInMethod
from apps.attendance.selectors import attendance_count
from apps.attendance.services import AlreadyCheckedIn, attendance_checkin, attendance_excuse
from apps.attendance.tokens import card_token
from apps.audit.models import AuditEvent
from apps.congresses.models import CongressStatus
from apps.core.errors import DomainError, PermissionDenied
from apps.delegates.models import DelegateStatus
from apps.notifications.models import Notification
from tests.factories import CongressFactory

from .conftest import OPENING, at, seat


def token_of(delegate) -> str:
    return card_token(congress_id=delegate.congress_id, code=delegate.code)


def nothing_written(before_audit: int) -> None:
    assert Attendance.objects.count() == 0
    assert AuditEvent.objects.count() == before_audit


def test_qr_check_in_records_time_method_actor_and_audit(tree, day):
    d = day.delegates[0]
    record = attendance_checkin(
        actor=tree.qb_officer, congress=day.congress, token=token_of(d), now=at(OPENING, 7, 15)
    )
    assert record.delegate == d and record.status == AttendanceStatus.PRESENT
    assert record.method == CheckInMethod.QR and record.checked_in_by == tree.qb_officer
    assert record.checked_in_at == at(OPENING, 7, 15)
    event = AuditEvent.objects.get(verb="attendance.checkin")
    assert event.actor == tree.qb_officer and event.data["code"] == d.code
    assert event.data["method"] == "qr" and event.organization == tree.qb
    count = attendance_count(day.congress)
    assert (count.summoned, count.present, count.excused) == (6, 1, 0)
    assert Notification.objects.count() == 0  # the live page shows it; no notice per delegate


def test_typed_code_is_forgiving_about_case_spaces_and_dashes(tree, day):
    d = day.delegates[1]
    typed = f" {d.code[:4].lower()}-{d.code[4:]} "
    record = attendance_checkin(
        actor=tree.qb_standing, congress=day.congress, code=typed, now=at(OPENING)
    )
    assert record.delegate == d and record.method == CheckInMethod.TYPED


def test_a_card_shown_twice_is_not_a_second_check_in(tree, day):
    d = day.delegates[0]
    attendance_checkin(
        actor=tree.qb_officer, congress=day.congress, token=token_of(d), now=at(OPENING, 7, 15)
    )
    audits = AuditEvent.objects.count()
    for kwargs in ({"token": token_of(d)}, {"code": d.code}):
        with pytest.raises(AlreadyCheckedIn, match=r"đã điểm danh lúc 07:15 28/07/2020"):
            attendance_checkin(
                actor=tree.qb_secretary, congress=day.congress, now=at(OPENING, 9), **kwargs
            )
    record = Attendance.objects.get()
    assert record.checked_in_at == at(OPENING, 7, 15) and record.checked_in_by == tree.qb_officer
    assert AuditEvent.objects.count() == audits


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"token": "17:ABCDEFGH:1xWvwo:forgedsignature"}, "Mã QR không hợp lệ"),
        ({"token": "not a card"}, "Mã QR không hợp lệ"),
        ({"code": "ZZZZ9999"}, "Không có đại biểu nào của đại hội này mang mã ZZZZ9999"),
        ({"code": "  "}, "Nhập mã đại biểu hoặc quét mã QR"),
        ({}, "Nhập mã đại biểu hoặc quét mã QR"),
    ],
)
def test_bad_input_is_refused_and_nothing_written(tree, day, kwargs, message):
    audits = AuditEvent.objects.count()
    with pytest.raises(DomainError, match=message):
        attendance_checkin(actor=tree.qb_officer, congress=day.congress, now=at(OPENING), **kwargs)
    nothing_written(audits)


def test_an_altered_genuine_token_is_refused(tree, day):
    genuine = token_of(day.delegates[0])
    other_code = day.delegates[1].code
    altered = genuine.replace(day.delegates[0].code, other_code)
    audits = AuditEvent.objects.count()
    with pytest.raises(DomainError, match="Mã QR không hợp lệ"):
        attendance_checkin(
            actor=tree.qb_officer, congress=day.congress, token=altered, now=at(OPENING)
        )
    nothing_written(audits)


def test_a_delegate_of_another_congress_is_refused_by_card_and_by_code(tree, day):
    """The other congress is named only to someone who may see it (QB's office does not see
    Hà Tĩnh's congress; QB's secretary sees PTM's, below QB)."""
    stranger = day.foreign[0]
    audits = AuditEvent.objects.count()
    with pytest.raises(DomainError, match=r"^Thẻ này là thẻ dự một đại hội khác, không phải"):
        attendance_checkin(
            actor=tree.qb_officer, congress=day.congress, token=token_of(stranger), now=at(OPENING)
        )
    with pytest.raises(DomainError, match=rf"^Mã {stranger.code} là của đại biểu dự một đại hội"):
        attendance_checkin(
            actor=tree.qb_officer, congress=day.congress, code=stranger.code, now=at(OPENING)
        )
    below = CongressFactory(organization=tree.ptm, ordinal="V", opening_date=OPENING, days=1)
    (neighbour,) = seat(below, [tree.ptm_cell], 1)
    with pytest.raises(DomainError, match="thẻ dự Đại hội Đảng bộ Phòng Tham mưu lần thứ V"):
        attendance_checkin(
            actor=tree.qb_secretary,
            congress=day.congress,
            token=token_of(neighbour),
            now=at(OPENING),
        )
    nothing_written(audits)


@pytest.mark.parametrize(
    ("status", "message"),
    [
        (DelegateStatus.REPLACED, "đã được thay thế"),
        (DelegateStatus.DISQUALIFIED, "không đủ tư cách đại biểu: Bị khởi tố"),
        (DelegateStatus.ALTERNATE, "dự khuyết, chưa thay"),
    ],
)
def test_a_delegate_not_seated_is_refused(tree, day, status, message):
    d = day.delegates[0]
    d.status = status
    d.status_reason = "Bị khởi tố" if status == DelegateStatus.DISQUALIFIED else ""
    d.save()
    audits = AuditEvent.objects.count()
    with pytest.raises(DomainError, match=message):
        attendance_checkin(
            actor=tree.qb_officer, congress=day.congress, token=token_of(d), now=at(OPENING)
        )
    nothing_written(audits)


@pytest.mark.parametrize(
    ("moment", "allowed"),
    [
        (at(OPENING - dt.timedelta(days=2), 20), False),
        (at(OPENING - dt.timedelta(days=1), 14), True),  # the preparatory session's eve
        (at(OPENING + dt.timedelta(days=1), 23, 59), True),  # the last (second) day
        (at(OPENING + dt.timedelta(days=2), 0, 1), False),
    ],
)
def test_check_in_only_on_the_congress_days_in_local_time(tree, day, moment, allowed):
    d = day.delegates[0]
    if allowed:
        attendance_checkin(actor=tree.qb_officer, congress=day.congress, code=d.code, now=moment)
        assert Attendance.objects.count() == 1
    else:
        with pytest.raises(DomainError, match=r"\(27/07/2020 – 29/07/2020\)"):
            attendance_checkin(
                actor=tree.qb_officer, congress=day.congress, code=d.code, now=moment
            )
        assert Attendance.objects.count() == 0


def test_no_check_in_after_the_congress_closed(tree, day):
    day.congress.status = CongressStatus.CLOSED
    day.congress.save()
    with pytest.raises(DomainError, match="Chỉ điểm danh trong những ngày"):
        attendance_checkin(
            actor=tree.qb_officer,
            congress=day.congress,
            code=day.delegates[0].code,
            now=at(OPENING),
        )
    assert Attendance.objects.count() == 0


@pytest.mark.parametrize("who", ["qb_secretary", "qb_standing", "qb_officer"])
def test_the_convening_organisations_leaders_standing_members_and_office_act(tree, day, who):
    attendance_checkin(
        actor=getattr(tree, who), congress=day.congress, code=day.delegates[0].code, now=at(OPENING)
    )
    assert Attendance.objects.get().checked_in_by == getattr(tree, who)


@pytest.mark.parametrize(
    "who",
    # a committee member, a plain member, the superior's standing member, a subordinate's
    # secretary, the sibling province's secretary, someone with no role
    ["qb_committee", "qb_member", "central_standing", "ptm_secretary", "ht_secretary", "outsider"],
)
def test_nobody_else_checks_in_or_excuses(tree, day, who):
    actor = getattr(tree, who)
    audits = AuditEvent.objects.count()
    with pytest.raises(PermissionDenied):
        attendance_checkin(
            actor=actor, congress=day.congress, code=day.delegates[0].code, now=at(OPENING)
        )
    with pytest.raises(PermissionDenied):
        attendance_excuse(
            actor=actor,
            congress=day.congress,
            delegate_id=day.delegates[0].pk,
            reason="Ốm",
            now=at(OPENING),
        )
    nothing_written(audits)


def test_excused_then_arrives_after_all(tree, day):
    d = day.delegates[2]
    record = attendance_excuse(
        actor=tree.qb_secretary,
        congress=day.congress,
        delegate_id=d.pk,
        reason="  Ốm,   nằm viện ",
        now=at(OPENING, 7),
    )
    assert record.status == AttendanceStatus.EXCUSED and record.excused_reason == "Ốm, nằm viện"
    count = attendance_count(day.congress)
    assert (count.present, count.excused, count.not_arrived) == (0, 1, 5)
    record = attendance_checkin(
        actor=tree.qb_officer, congress=day.congress, code=d.code, now=at(OPENING, 13)
    )
    assert record.status == AttendanceStatus.PRESENT and Attendance.objects.count() == 1
    assert AuditEvent.objects.get(verb="attendance.checkin").data["was_excused"] is True


def test_excuse_needs_a_reason_and_not_a_present_delegate(tree, day):
    d = day.delegates[0]
    with pytest.raises(DomainError, match="Phải ghi lý do vắng mặt"):
        attendance_excuse(
            actor=tree.qb_officer,
            congress=day.congress,
            delegate_id=d.pk,
            reason=" ",
            now=at(OPENING),
        )
    assert Attendance.objects.count() == 0
    attendance_checkin(actor=tree.qb_officer, congress=day.congress, code=d.code, now=at(OPENING))
    with pytest.raises(DomainError, match="đã có mặt tại đại hội"):
        attendance_excuse(
            actor=tree.qb_officer,
            congress=day.congress,
            delegate_id=d.pk,
            reason="Ốm",
            now=at(OPENING),
        )
    assert Attendance.objects.get().status == AttendanceStatus.PRESENT
    with pytest.raises(DomainError, match="Không có đại biểu này"):
        attendance_excuse(
            actor=tree.qb_officer,
            congress=day.congress,
            delegate_id=day.foreign[0].pk,
            reason="Ốm",
            now=at(OPENING),
        )


def test_a_mistaken_check_in_is_taken_back_with_a_reason_and_kept_in_the_audit(tree, day):
    from apps.attendance.services import attendance_undo

    wrong, right = day.delegates[0], day.delegates[1]
    attendance_checkin(
        actor=tree.qb_officer, congress=day.congress, code=wrong.code, now=at(OPENING, 7, 5)
    )
    with pytest.raises(DomainError, match="Phải ghi lý do hủy điểm danh"):
        attendance_undo(
            actor=tree.qb_officer,
            congress=day.congress,
            delegate_id=wrong.pk,
            reason=" ",
            now=at(OPENING, 7, 6),
        )
    with pytest.raises(PermissionDenied):
        attendance_undo(
            actor=tree.qb_committee,
            congress=day.congress,
            delegate_id=wrong.pk,
            reason="Nhập nhầm mã",
            now=at(OPENING, 7, 6),
        )
    with pytest.raises(DomainError, match="chưa điểm danh"):
        attendance_undo(
            actor=tree.qb_officer,
            congress=day.congress,
            delegate_id=right.pk,
            reason="Nhập nhầm mã",
            now=at(OPENING, 7, 6),
        )
    assert Attendance.objects.filter(delegate=wrong).exists()
    attendance_undo(
        actor=tree.qb_officer,
        congress=day.congress,
        delegate_id=wrong.pk,
        reason="Nhập nhầm mã",
        now=at(OPENING, 7, 6),
    )
    assert not Attendance.objects.exists()
    event = AuditEvent.objects.get(verb="attendance.undo")
    assert event.data["code"] == wrong.code and event.data["reason"] == "Nhập nhầm mã"
    assert event.data["checked_in_by"] == tree.qb_officer.pk
    assert attendance_count(day.congress).present == 0
    attendance_checkin(  # the right delegate, and the wrong one can still come later
        actor=tree.qb_officer, congress=day.congress, code=right.code, now=at(OPENING, 7, 7)
    )


def test_no_take_back_once_an_election_counted_from_the_record(tree, day):
    from apps.attendance.services import attendance_undo
    from apps.personnel.models import ElectionResult
    from tests.factories import approved_plan

    d = day.delegates[0]
    attendance_checkin(actor=tree.qb_officer, congress=day.congress, code=d.code, now=at(OPENING))
    ElectionResult.objects.create(
        congress=day.congress,
        plan=approved_plan(day.congress),
        summoned=6,
        excused=5,
        ballots_issued=1,
        ballots_valid=1,
        recorded_by=tree.qb_secretary,
    )
    with pytest.raises(DomainError, match="không hủy điểm danh được nữa"):
        attendance_undo(
            actor=tree.qb_officer,
            congress=day.congress,
            delegate_id=d.pk,
            reason="Nhập nhầm",
            now=at(OPENING, 9),
        )
    assert Attendance.objects.filter(delegate=d).exists()
