"""A congress of the 2025-2030 term opening some days from today (the worklist counts down
to it)."""

import datetime as dt

from apps.core.dates import local_today
from tests.factories import CongressFactory, term


def congress_ahead(org, days_ahead=45):
    return CongressFactory(
        organization=org,
        term=term("2025-2030"),
        opening_date=local_today() + dt.timedelta(days=days_ahead),
    )
