"""apps.core.dates: dates are Hà Nội's, whatever the server's clock zone."""

import datetime as dt

from freezegun import freeze_time

from apps.core.dates import local_date, local_today


def test_local_today_is_the_date_in_ha_noi_not_utc():
    with freeze_time("2026-05-31 17:30:00"):  # UTC; 00:30 on 01/06 in Hà Nội
        assert local_today() == dt.date(2026, 6, 1)
    with freeze_time("2026-05-31 16:59:59"):  # 23:59:59 on 31/05 in Hà Nội
        assert local_today() == dt.date(2026, 5, 31)


def test_local_date_of_an_aware_moment():
    assert local_date(dt.datetime(2026, 5, 31, 17, 30, tzinfo=dt.UTC)) == dt.date(2026, 6, 1)
    ha_noi = dt.timezone(dt.timedelta(hours=7))
    assert local_date(dt.datetime(2026, 6, 1, 0, 30, tzinfo=ha_noi)) == dt.date(2026, 6, 1)
    assert local_date(dt.datetime(2026, 6, 1, 12, 0, tzinfo=dt.UTC)) == dt.date(2026, 6, 1)
