"""The demo's congresses: Quảng Bình's 2020 season (three pilots, the lessons meeting, two
supervised committees, the province's XVII) and three cell congresses of the new term dated from
the day the demo is loaded."""

import datetime as dt

import pytest

from apps.congresses.models import Congress, LessonsMeeting
from apps.devtools.demo.congresses import HISTORIC

pytestmark = pytest.mark.django_db


def test_the_2020_season_as_the_demo_tells_it(demo):
    for code, ordinal, opening, pilot, _reported, _approved in HISTORIC:
        congress = Congress.objects.get(organization__code=code, term__code="2020-2025")
        assert (congress.ordinal, congress.opening_date, congress.is_pilot) == (
            ordinal,
            opening,
            pilot,
        )
        assert congress.days == (2 if code == "QB" else 1)
    qb = Congress.objects.get(organization__code="QB", term__code="2020-2025")
    assert qb.delegate_count == 150 and qb.kind == "delegates"
    meeting = LessonsMeeting.objects.get(organization__code="QB")
    assert meeting.held_on == dt.date(2020, 4, 20)
    pilots = {c for c, _o, _d, pilot, *_ in HISTORIC if pilot}
    assert pilots == {"QB-PTM", "QB-CSKT", "QB-ANKT"}


def test_the_new_terms_congresses_open_weeks_after_loading(demo):
    today = dt.date.today()
    new = dict(
        Congress.objects.filter(term__code="2025-2030").values_list(
            "organization__code", "opening_date"
        )
    )
    assert new == {
        "QB-PTM-TH": today + dt.timedelta(days=45),
        "QB-CSKT-D1": today + dt.timedelta(days=26),
        "QB-DH-HP": today + dt.timedelta(days=12),
    }
