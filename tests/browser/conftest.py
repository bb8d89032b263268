"""Playwright drives Debian's chromium (no browser download) against pytest-django's live server."""

import os
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model

from apps.twofactor.policy import second_factor_required
from tests.second_factor import current_code, enrol

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # live_server + sync Playwright
ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts" / "screenshots"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {
        **browser_context_args,
        "viewport": {"width": 1366, "height": 900},
        "accept_downloads": True,
    }


@pytest.fixture
def shot():
    """Save the final page of a journey as a test artefact."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)

    def save(page, name: str) -> None:
        page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)

    return save


@pytest.fixture
def login(live_server):
    """Sign in as a person does: the password, then, for a role that requires it, the code of an
    authenticator app (the user is enrolled first; see tests/second_factor.py)."""

    def do(page, username: str, password: str = "pw-12345") -> None:
        user = get_user_model().objects.get(username=username)
        device = enrol(user) if second_factor_required(user) else None
        page.goto(f"{live_server.url}/login/")
        page.fill("#id_username", username)
        page.fill("#id_password", password)
        with page.expect_navigation():
            page.click("form button.btn-danger")
        if device is not None and "/account/2fa/verify/" in page.url:  # the password was right
            page.fill("#id_token", current_code(device))
            with page.expect_navigation():
                page.click("form button.btn-danger")

    return do
