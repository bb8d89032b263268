"""The month calendar answers every ?month= with a page: garbage shows this month, a month
beyond the calendar's range the nearest one inside it, each with a message; never a 500."""

import pytest

from apps.core.dates import local_today

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
