"""The load test's sign-in (apps/devtools/signin.py) through the real pages of a live server:
the password form, then enrolment the first time and the code page afterwards."""

import base64
import datetime as dt

import pytest
from django.contrib.sessions.models import Session
from django_otp.plugins.otp_totp.models import TOTPDevice

from apps.devtools.generator import PASSWORD, generate
from apps.devtools.signin import SignInFailed, code_for, sign_in
from apps.organizations.models import Membership, Role
from tests.factories import term


@pytest.mark.postgresql  # a live server in another thread needs a real database
@pytest.mark.django_db(transaction=True)
def test_signs_in_with_the_password_and_the_second_step(
    live_server, tmp_path, settings, production_hashers
):
    settings.TWO_FACTOR_REQUIRED = True
    settings.PASSWORD_HASHERS = production_hashers  # the generated hash is production's
    term("2025-2030")
    generate(provinces=1, committees=1, cells=1, today=dt.date(2026, 3, 1))
    user = Membership.objects.get(organization__code="G00", role=Role.STANDING_MEMBER).user
    secret_file = tmp_path / "secret"

    with pytest.raises(SignInFailed, match="password was refused"):
        sign_in(live_server.url, user.username, "wrong", secret_file)
    assert not secret_file.exists() and not TOTPDevice.objects.filter(user=user).exists()

    # First time: the enrolment page's secret, confirmed with a code from it.
    key = sign_in(live_server.url, user.username, PASSWORD, secret_file)
    session = Session.objects.get(session_key=key).get_decoded()
    assert session["_auth_user_id"] == str(user.pk)
    assert session["otp_device_id"]  # the second step passed, not skipped
    device = TOTPDevice.objects.get(user=user, confirmed=True)
    assert device.bin_key == base64.b32decode(secret_file.read_text())

    # Afterwards: the code page, with the kept secret (the step's code may be used once only,
    # so the device forgets it was used, as 30 s later).
    TOTPDevice.objects.filter(pk=device.pk).update(last_t=-1)
    again = sign_in(live_server.url, user.username, PASSWORD, secret_file)
    assert again != key
    assert Session.objects.get(session_key=again).get_decoded()["_auth_user_id"] == str(user.pk)
    assert TOTPDevice.objects.filter(user=user).count() == 1  # not enrolled twice


def test_the_code_is_the_one_an_authenticator_shows():
    """RFC 6238's SHA-1 test vectors (its 8 digits cut to the 6 an app shows)."""
    secret = base64.b32encode(b"12345678901234567890").decode()
    assert code_for(secret, at=59) == "287082"
    assert code_for(secret, at=1111111109) == "081804"
    assert code_for(secret.lower(), at=59) == "287082"  # typed in small letters
