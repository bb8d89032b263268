"""The calendar feed built outside its view (apps/congresses/ics.py: subtree_feed): who gets a
feed, and what is in it. The view only turns None into a 404."""

import datetime as dt

import pytest
from django.conf import settings
from freezegun import freeze_time

from apps.congresses import ics
from tests.factories import CongressFactory, term

pytestmark = pytest.mark.django_db
TODAY = dt.date.today()


def _feed(token, code="QB"):
    return ics.subtree_feed(
        token=token, code=code, name="Đại hội", today=TODAY, url_for=lambda c: f"/c/{c.pk}/"
    )


def test_the_owner_gets_the_subtrees_openings_and_deadlines(tree):
    congress = CongressFactory(
        organization=tree.ptm, term=term("2025-2030"), opening_date=TODAY + dt.timedelta(days=50)
    )
    CongressFactory(organization=tree.ht, term=term("2025-2030"))  # another province
    body = _feed(ics.feed_token(tree.qb_secretary, "QB")).decode()
    assert body.count("BEGIN:VEVENT") == 3  # the opening, R30 and R20 of QB-PTM only
    assert f"DTSTART;VALUE=DATE:{congress.opening_date:%Y%m%d}" in body
    assert f"UID:congress-{congress.pk}-r30@congress-portal" in body
    assert "X-WR-CALNAME:Đại hội — Đảng bộ Công an tỉnh Quảng Bình" in body


def test_no_feed_for_a_bad_token_another_subtree_or_someone_who_cannot_see_it(tree):
    assert _feed("forged") is None
    assert _feed(ics.feed_token(tree.qb_secretary, "QB"), code="HT") is None
    assert _feed(ics.feed_token(tree.ht_secretary, "QB")) is None  # signed, but not theirs to see
    token = ics.feed_token(tree.qb_secretary, "QB")
    later = dt.datetime.now(dt.UTC) + dt.timedelta(days=settings.ICS_TOKEN_MAX_AGE_DAYS + 1)
    with freeze_time(later):
        assert _feed(token) is None  # expired


def test_rotating_stops_the_addresses_given_before(tree):
    token = ics.feed_token(tree.qb_secretary, "QB", now=1)
    ics.feeds_rotate(user=tree.qb_secretary)
    assert _feed(token) is None
    assert _feed(ics.feed_token(tree.qb_secretary, "QB")) is not None
