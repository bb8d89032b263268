"""apps.accounts.middleware: a session ends after 30 idle minutes; activity pushes the expiry
forward at most once per SESSION_REFRESH_SECONDS."""

import datetime as dt

import pytest
from django.conf import settings
from freezegun import freeze_time

from tests.second_factor import sign_in

pytestmark = pytest.mark.django_db


def _session_expiry(client) -> dt.datetime:
    from django.contrib.sessions.models import Session

    return Session.objects.get(session_key=client.session.session_key).expire_date


def test_sessions_end_after_inactivity_and_activity_keeps_them(client, tree):
    assert settings.SESSION_COOKIE_AGE == 30 * 60 and settings.SESSION_EXPIRE_AT_BROWSER_CLOSE
    start = dt.datetime(2026, 3, 2, 8, 0, tzinfo=dt.UTC)
    with freeze_time(start) as clock:
        sign_in(client, "bithu.qb")
        assert client.get("/").status_code == 200
        first = _session_expiry(client)
        assert first == start + dt.timedelta(minutes=30)
        clock.tick(dt.timedelta(seconds=30))  # within the refresh interval: no write
        assert client.get("/").status_code == 200
        assert _session_expiry(client) == first
        for _ in range(3):  # busy for 75 minutes in all, never idle for 30: still signed in
            clock.tick(dt.timedelta(minutes=25))
            assert client.get("/").status_code == 200
        assert _session_expiry(client) == start + dt.timedelta(seconds=30 + 75 * 60 + 30 * 60)
        clock.tick(dt.timedelta(minutes=31))  # idle longer than the limit
        response = client.get("/")
        assert response.status_code == 302 and response["Location"].startswith("/login/")


def test_anonymous_requests_create_no_session(client, db):
    from django.contrib.sessions.models import Session

    client.get("/login/")
    assert Session.objects.count() == 0


def _session_request(rf, session):
    request = rf.get("/")
    request.session = session
    return request


def test_the_touch_is_written_only_once_the_refresh_interval_has_passed(rf, settings):
    from django.contrib.sessions.backends.db import SessionStore
    from django.http import HttpResponse

    from apps.accounts.middleware import SlidingSessionMiddleware

    settings.SESSION_REFRESH_SECONDS = 60
    middleware = SlidingSessionMiddleware(lambda request: HttpResponse("ok"))
    session = SessionStore()
    session["_auth_user_id"] = "1"
    session.create()
    with freeze_time("2026-03-02 08:00:00") as clock:
        now = int(dt.datetime(2026, 3, 2, 8, 0, tzinfo=dt.UTC).timestamp())
        assert middleware(_session_request(rf, session)).content == b"ok"
        assert session[SlidingSessionMiddleware.KEY] == now and session.modified
        session.modified = False
        clock.tick(dt.timedelta(seconds=59))
        middleware(_session_request(rf, session))
        assert session[SlidingSessionMiddleware.KEY] == now and not session.modified
        clock.tick(dt.timedelta(seconds=1))
        middleware(_session_request(rf, session))
        assert session[SlidingSessionMiddleware.KEY] == now + 60 and session.modified


def test_no_session_and_an_unsaved_one_are_left_alone(rf):
    from django.contrib.sessions.backends.db import SessionStore
    from django.http import HttpResponse

    from apps.accounts.middleware import SlidingSessionMiddleware

    middleware = SlidingSessionMiddleware(lambda request: HttpResponse("ok"))
    assert middleware(rf.get("/")).content == b"ok"  # no SessionMiddleware before it
    unsaved = SessionStore()
    unsaved["x"] = 1  # has data but no key yet: an anonymous visitor's first request
    middleware(_session_request(rf, unsaved))
    assert SlidingSessionMiddleware.KEY not in unsaved
