"""The month calendar answers every ?month= with a page: garbage shows this month, a month
beyond the calendar's range the nearest one inside it, each with a message; never a 500."""

import datetime as dt

import pytest
from freezegun import freeze_time

from apps.congresses import views
from apps.congresses.models import Congress
from apps.congresses.views import DAY_LIMIT
from apps.core.dates import local_today
from apps.organizations.bulk import NodeSpec, bulk_insert_tree
from apps.organizations.models import Organization
from tests.factories import term

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("month", "shown", "message"),
    [
        ("9999-12", "12/2100", "Lịch chỉ có từ tháng 01/1945 đến tháng 12/2100"),
        ("0001-01", "01/1945", "Lịch chỉ có từ tháng 01/1945 đến tháng 12/2100"),
        ("garbage", None, "Tháng không hợp lệ"),
        ("2026-13", None, "Tháng không hợp lệ"),
        ("2026-0", None, "Tháng không hợp lệ"),
        ("--", None, "Tháng không hợp lệ"),
        ("2026-11-3", None, "Tháng không hợp lệ"),
        ("99999999999999999999-1", "12/2100", "Lịch chỉ có"),
    ],
)
def test_a_month_out_of_range_or_garbage_is_answered_with_a_message(
    client, tree, month, shown, message
):
    client.force_login(tree.qb_secretary)
    response = client.get("/congresses/org/QB/calendar/", {"month": month})
    assert response.status_code == 200
    body = response.content.decode()
    assert message in body
    expected = shown or local_today().strftime("%m/%Y")
    assert f"Tháng {expected}" in body


def test_the_ends_of_the_range_link_only_inwards(client, tree):
    client.force_login(tree.qb_secretary)
    last = client.get("/congresses/org/QB/calendar/", {"month": "2100-12"}).content.decode()
    assert "?month=2100-11" in last and "Tháng sau" not in last
    first = client.get("/congresses/org/QB/calendar/", {"month": "1945-1"}).content.decode()
    assert "?month=1945-2" in first and "Tháng trước" not in first
    ordinary = client.get("/congresses/org/QB/calendar/", {"month": "2020-5"}).content.decode()
    assert "?month=2020-4" in ordinary and "?month=2020-6" in ordinary
    assert "Tháng không hợp lệ" not in ordinary and "Lịch chỉ có" not in ordinary


def test_the_calendar_opens_on_this_month_in_ho_chi_minh_city(client, tree):
    """30/11 18:30 UTC is already 01/12 01:30 in Hà Nội: the calendar shows December."""
    with freeze_time("2026-11-30 18:30:00+00:00"):
        client.force_login(tree.qb_secretary)  # inside the frozen time: the session is fresh
        body = client.get("/congresses/org/QB/calendar/").content.decode()
    assert "Tháng 12/2026" in body and "?month=2026-11" in body and "?month=2027-1" in body
    with freeze_time("2026-11-30 16:59:00+00:00"):  # 23:59 in Hà Nội: still November
        client.force_login(tree.qb_secretary)
        assert "Tháng 11/2026" in client.get("/congresses/org/QB/calendar/").content.decode()


def _crowded_day(tree, count, day):
    """`count` committees under QB, each with a congress opening on `day`."""
    prefix = f"QB-C{count}"
    bulk_insert_tree(
        [
            NodeSpec(f"{prefix}-{i:02d}", "QB", f"Chi bộ {prefix} số {i:02d}", "grassroots_cell")
            for i in range(count)
        ]
    )
    orgs = Organization.objects.filter(code__startswith=f"{prefix}-").order_by("code")
    Congress.objects.bulk_create(
        Congress(organization=o, term=term("2025-2030"), ordinal="I", opening_date=day)
        for o in orgs
    )


def test_a_crowded_day_shows_its_first_events_and_how_many_more(client, tree, monkeypatch):
    day = dt.date(2026, 5, 20)
    _crowded_day(tree, 7, day)
    client.force_login(tree.qb_secretary)
    grid = client.get("/congresses/org/QB/calendar/", {"month": "2026-05"}).content.decode()
    assert grid.count("<strong>Khai mạc</strong>") == DAY_LIMIT
    assert f"+ {7 - DAY_LIMIT} việc khác" in grid
    assert "?month=2026-05&amp;day=2026-05-20#day" in grid
    assert 'id="day"' not in grid

    monkeypatch.setattr(views, "DAY_PAGE", 5)
    first = client.get(
        "/congresses/org/QB/calendar/", {"month": "2026-05", "day": "2026-05-20"}
    ).content.decode()
    listed = first.split('id="day"')[1]
    assert "Ngày 20/05/2026: 7 việc" in listed and "Trang 1/2" in listed
    assert listed.count("<strong>Khai mạc</strong>") == 5
    second = client.get(
        "/congresses/org/QB/calendar/", {"month": "2026-05", "day": "2026-05-20", "page": "2"}
    ).content.decode()
    assert second.split('id="day"')[1].count("<strong>Khai mạc</strong>") == 2
    # The seven openings, each once over the two pages.
    names = {f"Chi bộ QB-C7 số {i:02d}" for i in range(7)}
    assert {n for n in names if n in listed or n in second.split('id="day"')[1]} == names
    # A day of another month, or garbage, shows the grid alone.
    for other in ("2026-06-01", "garbage"):
        page = client.get("/congresses/org/QB/calendar/", {"month": "2026-05", "day": other})
        assert 'id="day"' not in page.content.decode()


def test_the_month_grid_does_not_grow_with_the_crowd(client, tree):
    """Seven or forty openings on one day: the grid shows the same four and a count; the page
    grows by the digits of that count, not by the events."""
    client.force_login(tree.qb_secretary)
    _crowded_day(tree, 7, dt.date(2026, 5, 20))
    small = len(client.get("/congresses/org/QB/calendar/", {"month": "2026-05"}).content)
    _crowded_day(tree, 40, dt.date(2026, 5, 20))
    large = client.get("/congresses/org/QB/calendar/", {"month": "2026-05"}).content.decode()
    assert f"+ {47 - DAY_LIMIT} việc khác" in large
    assert abs(len(large.encode()) - small) < 200


def test_the_cached_month_follows_a_moved_opening(client, tree):
    _crowded_day(tree, 1, dt.date(2026, 5, 20))
    client.force_login(tree.qb_secretary)
    assert (
        "Chi bộ QB-C1 số 00"
        in client.get("/congresses/org/QB/calendar/", {"month": "2026-05"}).content.decode()
    )
    congress = Congress.objects.get(organization__code="QB-C1-00")
    congress.opening_date = dt.date(2026, 7, 1)
    congress.save()
    may = client.get("/congresses/org/QB/calendar/", {"month": "2026-05"}).content.decode()
    assert "<strong>Khai mạc</strong>: Chi bộ QB-C1 số 00" not in may
