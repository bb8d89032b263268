"""Issue 17 item 3: a logged-out session is dead on every worker, in every configuration.

Two web workers are simulated in one process by giving each its own memory cache (what two
gunicorn processes have when CACHE_URL is unset): worker B reads the session first, so a session
engine that kept copies in the per-process cache would still serve B after A logged out.
"""

import importlib
import os
import subprocess
import sys
from contextlib import contextmanager

import pytest
from django.conf import settings
from django.test import Client, override_settings

from tests.second_factor import sign_in

pytestmark = pytest.mark.django_db


@contextmanager
def worker(name: str):
    """Requests served by one "process": its own memory cache, nothing shared but the database."""
    caches = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": f"worker-{name}",
        }
    }
    with override_settings(CACHES=caches):
        yield


def _replay(cookie: str, path: str) -> int:
    """A request carrying a copied session cookie (a fresh client: a refused cookie is
    deleted from the jar of the client that sent it)."""
    stolen = Client()
    stolen.cookies[settings.SESSION_COOKIE_NAME] = cookie
    return stolen.get(path).status_code


def _log_in_read_on_b_log_out_on_a() -> str:
    browser = Client()
    with worker("a"):
        sign_in(browser, "btv.qb")
    cookie = browser.cookies[settings.SESSION_COOKIE_NAME].value
    with worker("b"):
        assert browser.get("/").status_code == 200  # B has read (and could keep) the session
    with worker("a"):
        assert browser.post("/logout/").status_code == 302
    return cookie


def test_a_logged_out_session_is_refused_by_every_worker(tree):
    cookie = _log_in_read_on_b_log_out_on_a()
    for name in ("b", "a"):
        with worker(name):
            assert _replay(cookie, "/") == 302
            assert _replay(cookie, "/org/") == 302
    from django.contrib.sessions.models import Session

    assert not Session.objects.filter(session_key=cookie).exists()


@override_settings(SESSION_ENGINE="django.contrib.sessions.backends.cached_db")
def test_the_simulation_reproduces_the_old_fault(tree):
    """The old engine (cached_db over a per-process cache): worker B still served the session
    after the logout on A; this is what the test above would catch."""
    cookie = _log_in_read_on_b_log_out_on_a()
    with worker("b"):
        assert _replay(cookie, "/") == 200


@pytest.mark.parametrize(
    "module, env",
    [
        ("dev", {}),
        ("test", {}),
        ("prod", {"SECRET_KEY": "x" * 50, "DATABASE_URL": "postgres://u@h/db"}),
        (
            "prod",
            {
                "SECRET_KEY": "x" * 50,
                "DATABASE_URL": "postgres://u@h/db",
                "CACHE_URL": "redis://127.0.0.1:6379/1",
            },
        ),
    ],
)
def test_every_configuration_keeps_sessions_in_the_database_only(module, env):
    """No settings module, with or without CACHE_URL, reads sessions through a cache."""
    code = (
        f"import importlib; s = importlib.import_module('congress_portal.settings.{module}');"
        "print(s.SESSION_ENGINE)"
    )
    clean = {k: v for k, v in os.environ.items() if k not in ("CACHE_URL", "SESSION_ENGINE")}
    result = subprocess.run(
        [sys.executable, "-c", code],
        env={**clean, **env},
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.strip() == "django.contrib.sessions.backends.db"
    assert importlib.import_module("django.contrib.sessions.backends.db")
