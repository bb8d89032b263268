"""Signing in over HTTP the way a person does, for the load test (scripts/loadtest.sh): the
login form with the password, then the second step: on the first time the enrolment page
(its secret read from the page, as a person types it into an authenticator app, and kept in a
file for the next time), afterwards the code page. What comes back is the session cookie the
load test sends with every request.

Nothing is forged: the password is checked by the production hasher, the code by django-otp.
Cookies are kept whatever their Secure flag, because the load test talks plain HTTP to
127.0.0.1 (production sits behind TLS)."""

from __future__ import annotations

import base64
import http.client
import re
import time
from dataclasses import dataclass, field
from html import unescape
from pathlib import Path
from urllib.parse import urlencode, urljoin, urlsplit

from django_otp.oath import TOTP

CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
SECRET = re.compile(r'id="secret">([A-Z2-7 ]+)<')
SETUP, VERIFY, LOGIN = "/account/2fa/setup/", "/account/2fa/verify/", "/login/"


class SignInFailed(Exception):
    pass


@dataclass
class Page:
    status: int
    path: str  # the path (and query) finally answered, after redirects
    body: str


@dataclass
class Browser:
    """One person's HTTP client: cookies kept, redirects followed."""

    base_url: str
    cookies: dict[str, str] = field(default_factory=dict)

    def get(self, path: str) -> Page:
        return self._request("GET", path)

    def post(self, path: str, fields: dict[str, str]) -> Page:
        return self._request("POST", path, urlencode(fields))

    def _request(self, method: str, path: str, body: str | None = None) -> Page:
        for _hop in range(10):
            parts = urlsplit(self.base_url)
            connection = http.client.HTTPConnection(parts.netloc, timeout=60)
            headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
            if body is not None:
                headers["Content-Type"] = "application/x-www-form-urlencoded"
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            for header, value in response.getheaders():
                if header.lower() == "set-cookie":
                    name, _, rest = value.partition("=")
                    self.cookies[name.strip()] = rest.split(";", 1)[0]
            text = response.read().decode("utf-8", "replace")
            connection.close()
            if response.status not in (301, 302, 303):
                return Page(response.status, path, text)
            location = urlsplit(urljoin(path, response.getheader("Location", "/")))
            path = location.path + (f"?{location.query}" if location.query else "")
            method, body = "GET", None
        raise SignInFailed(f"too many redirects from {path}")


def csrf_token(page: Page) -> str:
    found = CSRF_FIELD.search(page.body)
    if not found:
        raise SignInFailed(f"{page.path}: no form token (HTTP {page.status})")
    return unescape(found.group(1))


def code_for(secret: str, at: float | None = None) -> str:
    """The six digits an authenticator app shows for this base32 secret, now or `at` (Unix
    time), by django-otp's own TOTP (30 s steps, as the portal's devices)."""
    otp = TOTP(base64.b32decode(secret.replace(" ", "").upper()), step=30, t0=0, digits=6)
    if at is not None:
        otp.time = at
    return f"{otp.token():06d}"


def sign_in(base_url: str, username: str, password: str, secret_file: Path) -> str:
    """Sign in through the pages and return the session cookie's value."""
    browser = Browser(base_url)
    form = browser.get(LOGIN)
    page = browser.post(
        LOGIN,
        {"csrfmiddlewaretoken": csrf_token(form), "username": username, "password": password},
    )
    if page.path.startswith(LOGIN):
        raise SignInFailed(f"{username}: the password was refused (HTTP {page.status})")
    if page.path.startswith(SETUP):
        found = SECRET.search(page.body)
        if not found:
            raise SignInFailed(f"{page.path}: no secret on the enrolment page")
        secret = found.group(1).replace(" ", "")
        secret_file.parent.mkdir(parents=True, exist_ok=True)
        secret_file.write_text(secret)
        page = _send_code(browser, page, secret)
    elif page.path.startswith(VERIFY):
        if not secret_file.exists():
            raise SignInFailed(
                f"{username} has an authenticator this tool does not know: "
                f"run `manage.py reset_two_factor {username}` and sign in again"
            )
        page = _send_code(browser, page, secret_file.read_text().strip())
    home = browser.get("/")
    if home.status != 200 or home.path != "/":
        raise SignInFailed(f"{username}: signed in, but / answered {home.status} at {home.path}")
    return browser.cookies["sessionid"]


def _send_code(browser: Browser, page: Page, secret: str) -> Page:
    """Type the code, then see whether the portal opens. A code already used in this 30 s
    step (a second run within the step) is refused by django-otp, so the next step's code is
    tried once."""
    for attempt in range(2):
        browser.post(
            page.path, {"csrfmiddlewaretoken": csrf_token(page), "token": code_for(secret)}
        )
        home = browser.get("/")
        if home.status == 200 and home.path == "/":
            return home
        if not home.path.startswith((SETUP, VERIFY)):  # past the step, but the page failed
            raise SignInFailed(f"{home.path} answered {home.status} after the code")
        if attempt == 0:
            time.sleep(30 - time.time() % 30 + 1)
            page = home  # the step's page again, with its form
    raise SignInFailed(f"{page.path}: the code was refused")
