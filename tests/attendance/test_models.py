"""The attendance record's own rules, held by the database: a presence has a time and a method,
an excused absence has a reason, and a delegate has one row at most."""

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from apps.attendance.models import Attendance, AttendanceStatus, CheckInMethod

pytestmark = pytest.mark.django_db


def row(delegate, **fields) -> Attendance:
    return Attendance(congress_id=delegate.congress_id, delegate=delegate, **fields)


@pytest.mark.parametrize(
    "fields",
    [
        {"status": AttendanceStatus.PRESENT, "method": CheckInMethod.QR},  # no time
        {"status": AttendanceStatus.PRESENT, "checked_in_at": "now"},  # no method
        {"status": AttendanceStatus.EXCUSED},  # no reason
    ],
)
def test_an_incomplete_record_is_refused_by_the_database(tree, today_congress, fields):
    _congress, delegates = today_congress
    if fields.get("checked_in_at") == "now":
        fields = {**fields, "checked_in_at": timezone.now()}
    with pytest.raises(IntegrityError), transaction.atomic():
        row(delegates[0], **fields).save()
    assert not Attendance.objects.exists()


def test_one_row_per_delegate_and_what_it_says(tree, today_congress):
    _congress, delegates = today_congress
    here = row(
        delegates[0],
        status=AttendanceStatus.PRESENT,
        method=CheckInMethod.TYPED,
        checked_in_at=timezone.now(),
    )
    here.save()
    away = row(delegates[1], status=AttendanceStatus.EXCUSED, excused_reason="Ốm")
    away.save()
    assert here.is_present and not away.is_present
    assert str(here) == f"{delegates[0].pk}: present"
    with pytest.raises(IntegrityError), transaction.atomic():
        row(delegates[0], status=AttendanceStatus.EXCUSED, excused_reason="Trùng").save()
    assert Attendance.objects.count() == 2
