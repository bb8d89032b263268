"""Sessions that end after a period without requests, for the price of one write a minute."""

from __future__ import annotations

import time

from django.conf import settings


class SlidingSessionMiddleware:
    """Push a signed-in session's expiry forward at most once per SESSION_REFRESH_SECONDS.

    SESSION_SAVE_EVERY_REQUEST did the same with a database write (three statements) on every
    page view: a third of a dashboard request's queries. Touching a timestamp only when the last
    one is older than the refresh interval makes SessionMiddleware save the session, and with
    it a new expiry (SESSION_COOKIE_AGE from now), once a minute; the idle limit then holds to
    within that minute. Listed after SessionMiddleware so its response side runs first.
    """

    KEY = "_touched"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        session = getattr(request, "session", None)
        if session is not None and session.session_key and not session.is_empty():
            now = int(time.time())
            if now - session.get(self.KEY, 0) >= settings.SESSION_REFRESH_SECONDS:
                session[self.KEY] = now
        return response
