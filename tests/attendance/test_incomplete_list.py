"""The congress day while some units have not recorded their election of delegates: the page
shows the congress's true number summoned (the list plus the seats still awaited), says the list
is incomplete and which units are missing, and the quorum is reckoned on the true number."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from apps.attendance.selectors import attendance_count
from apps.attendance.services import attendance_checkin
from apps.congresses.models import CongressKind
from apps.delegates.models import Allocation, AllocationShare, DelegateElection
from tests.attendance.conftest import at
from tests.factories import CongressFactory

pytestmark = pytest.mark.django_db


def _allocation(tree, congress, *, ptm_recorded: bool):
    """10 seats: PTM 3 (its election recorded or not), ANKT 7 (not recorded)."""
    allocation = Allocation.objects.create(
        congress=congress,
        seats=10,
        counts_as_of=congress.opening_date - dt.timedelta(days=60),
        decided_on=congress.opening_date - dt.timedelta(days=50),
        issued_on=congress.opening_date - dt.timedelta(days=50),
        created_by=tree.qb_secretary,
    )
    ptm = AllocationShare.objects.create(
        allocation=allocation,
        organization=tree.ptm,
        official_members=30,
        computed_seats=3,
        seats=3,
    )
    AllocationShare.objects.create(
        allocation=allocation,
        organization=tree.ankt,
        official_members=70,
        computed_seats=7,
        seats=7,
    )
    below = CongressFactory(organization=tree.ptm, term=congress.term, kind=CongressKind.ALL_MEMBER)
    DelegateElection.objects.create(
        congress=below,
        share=ptm,
        official_seats=3,
        recorded_at=timezone.now() if ptm_recorded else None,
    )
    return allocation


def test_the_count_adds_the_seats_still_awaited_and_names_their_units(tree, day):
    _allocation(tree, day.congress, ptm_recorded=True)
    for d in day.delegates[:5]:
        attendance_checkin(
            actor=tree.qb_officer,
            congress=day.congress,
            code=d.code,
            now=at(day.congress.opening_date),
        )
    count = attendance_count(day.congress)
    assert (count.summoned, count.on_list, count.awaited) == (13, 6, 7)
    assert count.units_awaited == ("Chi bộ Phòng An ninh kinh tế",)
    assert not count.list_complete
    # 5 of the list's 6 were 5/6 ≥ 2/3 (quorate); of the 13 summoned they are not.
    assert (count.present, count.needed, count.quorate) == (5, 9, False)
    assert count.not_arrived == 1  # on the list, not come; the 7 awaited are not counted here


def test_the_page_shows_the_true_number_and_says_the_list_is_incomplete(tree, day):
    _allocation(tree, day.congress, ptm_recorded=False)
    client = Client()
    client.force_login(tree.qb_officer)
    page = client.get(reverse("attendance:page", args=[day.congress.pk])).content.decode()
    assert 'id="count-summoned">16<' in page  # 6 on the list + 3 + 7 awaited
    assert "6 có trong danh sách" in page
    assert (
        "Danh sách đại biểu chưa đủ: 2 đơn vị chưa ghi kết quả bầu đại biểu "
        "(Đảng bộ Phòng Tham mưu, Chi bộ Phòng An ninh kinh tế), 10 đại biểu chưa có trong "
        "danh sách." in page
    )
    assert "tức 11/16" in page  # the quorum of the true number


def test_a_complete_list_shows_no_warning(tree, day):
    allocation = _allocation(tree, day.congress, ptm_recorded=True)
    DelegateElection.objects.create(
        congress=CongressFactory(organization=tree.ankt, term=day.congress.term),
        share=allocation.shares.get(organization=tree.ankt),
        official_seats=7,
        recorded_at=timezone.now(),
    )
    client = Client()
    client.force_login(tree.qb_officer)
    page = client.get(reverse("attendance:page", args=[day.congress.pk])).content.decode()
    assert 'id="count-summoned">6<' in page
    assert "list-incomplete" not in page and "count-on-list" not in page
    count = attendance_count(day.congress)
    assert (count.summoned, count.awaited, count.units_awaited) == (6, 0, ())
