"""Signing test users in with the second factor (issue 17 item 14).

HOW TESTS LOG IN NOW: `Client.force_login(user)` stands for a completed sign-in, both steps: for
a user whose role requires the second factor it also enrols an authenticator device and marks the
session verified with it (patched in tests/conftest.py). A test about the second step itself
uses `force_login_password_only(client, user)`. Browser tests use the `login` fixture, which
types a current TOTP code when the code page appears (tests/browser/conftest.py).
"""

from __future__ import annotations

from typing import Any

from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from apps.twofactor.policy import second_factor_required
from apps.twofactor.services import APP_DEVICE_NAME

_password_only_force_login = Client.force_login


def enrol(user: Any) -> TOTPDevice:
    """The user's confirmed authenticator device (made if missing)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    return device or TOTPDevice.objects.create(user=user, name=APP_DEVICE_NAME, confirmed=True)


def current_code(device: TOTPDevice) -> str:
    """The code the authenticator app shows now. The device forgets the last code it accepted,
    so a test may sign the same user in twice within one 30-second step."""
    device.refresh_from_db()
    device.last_t = -1
    device.throttling_failure_count = 0
    device.throttling_failure_timestamp = None
    device.save()
    code = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits)
    return f"{code:0{device.digits}d}"


def force_login_password_only(client: Client, user: Any, backend: str | None = None) -> None:
    _password_only_force_login(client, user, backend)


def force_login_both_steps(self: Client, user: Any, backend: str | None = None) -> None:
    _password_only_force_login(self, user, backend)
    fresh = type(user).objects.get(pk=user.pk)  # the policy's scope is not left on `user`
    if second_factor_required(fresh):
        session = self.session
        session[DEVICE_ID_SESSION_KEY] = enrol(fresh).persistent_id
        session.save()


def sign_in(client: Client, username: str, password: str = "pw-12345") -> None:
    """Both steps through the pages: the password form, then (where the role requires it) a
    code from the user's enrolled app."""
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.get(username=username)
    device = enrol(user) if second_factor_required(user) else None
    response = client.post("/login/", {"username": username, "password": password})
    assert response.status_code == 302, response.status_code
    if device is not None:
        step = client.get(response["Location"])
        assert step.status_code == 302 and "/account/2fa/verify/" in step["Location"]
        done = client.post(step["Location"], {"token": current_code(device)})
        assert done.status_code == 302 and "/account/2fa/" not in done["Location"]
