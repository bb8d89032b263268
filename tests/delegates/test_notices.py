"""apps/delegates/notices.py: who hears of an issued allocation and of a recorded election,
written after commit with keys that make a retry write nothing twice."""

import pytest

from apps.delegates import notices
from apps.notifications.models import Notification
from apps.organizations.models import Role
from tests.delegates.steps import election_with, issued, record
from tests.factories import person

pytestmark = pytest.mark.django_db


def test_each_unit_hears_its_own_seats_and_alternates(small, django_capture_on_commit_callbacks):
    allocation = issued(small)  # the register's issue already sent them once
    Notification.objects.all().delete()
    office = person(small.units[0], Role.OFFICE_OFFICER, user__username="vp.u0")
    shares = list(allocation.shares.select_related("organization").order_by("organization__path"))
    with django_capture_on_commit_callbacks(execute=True):
        messages = notices.allocation_issued(
            congress=small.congress, shares=shares, number_symbol="05-QĐ/ĐU", actor=small.officer
        )
    by_user = {m.recipient_id: m for m in messages}
    assert set(by_user) == {*(u.pk for u in small.unit_secretaries), office.pk}
    first = shares[0]
    message = by_user[small.unit_secretaries[0].pk]
    assert message.key == f"allocation:{allocation.pk}:share:{first.pk}"
    assert message.url == f"/delegates/congress/{small.congress.pk}/allocation/"
    assert "Theo Quyết định số 05-QĐ/ĐU" in message.body
    assert (
        f"được bầu {first.seats} đại biểu chính thức và {first.alternates} đại biểu dự khuyết"
        in (message.body)
    )
    assert by_user[office.pk].key == message.key  # the unit's office hears the same
    assert Notification.objects.count() == len(messages)
    with django_capture_on_commit_callbacks(execute=True):  # again: nothing written twice
        notices.allocation_issued(
            congress=small.congress, shares=shares, number_symbol="05-QĐ/ĐU", actor=small.officer
        )
    assert Notification.objects.count() == len(messages)


def test_whoever_acts_is_not_told_what_they_did(small):
    allocation = issued(small)
    shares = list(allocation.shares.select_related("organization"))
    me = small.unit_secretaries[0]
    messages = notices.allocation_issued(
        congress=small.congress, shares=shares, number_symbol="1", actor=me
    )
    assert me.pk not in {m.recipient_id for m in messages}
    assert len(messages) == 2


def test_the_convening_leaders_and_office_hear_a_recorded_election(
    small, django_capture_on_commit_callbacks
):
    issued(small)
    election, cands = election_with(small, 0, 6)
    with django_capture_on_commit_callbacks(execute=True):
        record(small, 0, election, {c.pk: 57 - k for k, c in enumerate(cands)})
    written = Notification.objects.filter(key=f"delegate-election:{election.pk}:recorded")
    assert set(written.values_list("recipient_id", flat=True)) == {
        small.secretary.pk,
        small.officer.pk,
    }
    notice = written.first()
    assert notice.subject == f"Đã có đại biểu của {small.units[0].name}"
    assert f"đã bầu {election.share.seats} đại biểu chính thức" in notice.body
    assert notice.url == f"/delegates/congress/{small.congress.pk}/"


def test_a_recorded_election_typed_by_the_convening_office_skips_the_office(small):
    issued(small)
    election, _cands = election_with(small, 1, 4)
    messages = notices.election_recorded(
        election=election, upper=small.congress, counted_official=2, actor=small.officer
    )
    assert [m.recipient_id for m in messages] == [small.secretary.pk]
    assert "đã bầu 2 đại biểu chính thức" in messages[0].body
