"""The loadtest_login command: signs in through a running portal's pages and prints the session
cookie; a refused password or an unreachable portal is a command error, not a traceback."""

import datetime as dt
import io

import pytest
from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.core.management.base import CommandError

from apps.devtools.generator import PASSWORD, generate
from apps.organizations.models import Membership, Role
from tests.factories import term


@pytest.mark.postgresql  # a live server in another thread needs a real database
@pytest.mark.django_db(transaction=True)
def test_prints_the_session_of_the_person_signed_in(
    live_server, tmp_path, settings, production_hashers
):
    settings.TWO_FACTOR_REQUIRED = True
    settings.PASSWORD_HASHERS = production_hashers
    settings.VAR_DIR = tmp_path
    term("2025-2030")
    generate(provinces=1, committees=1, cells=1, today=dt.date(2026, 3, 1))
    user = Membership.objects.get(organization__code="G00", role=Role.SECRETARY).user
    out = io.StringIO()
    call_command(
        "loadtest_login", "--url", live_server.url, "--username", user.username, stdout=out
    )
    key = out.getvalue().strip()
    assert Session.objects.get(session_key=key).get_decoded()["_auth_user_id"] == str(user.pk)
    assert (tmp_path / f"loadtest-totp-{user.username}").exists()  # the default secret file
    with pytest.raises(CommandError, match="password was refused"):
        call_command(
            "loadtest_login",
            *("--url", live_server.url, "--username", user.username, "--password", PASSWORD + "x"),
            *("--secret-file", str(tmp_path / "other")),
        )
    assert not (tmp_path / "other").exists()


def test_an_unreachable_portal_is_a_command_error(tmp_path):
    with pytest.raises(CommandError):
        call_command(
            "loadtest_login",
            *("--url", "http://127.0.0.1:9", "--username", "x"),
            *("--secret-file", str(tmp_path / "s")),
        )
