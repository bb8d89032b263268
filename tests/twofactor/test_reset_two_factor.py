"""The reset_two_factor command: an administrator clears a lost device."""

import pytest
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.authtoken.models import Token

from apps.audit.models import AuditEvent
from tests.second_factor import enrol

pytestmark = pytest.mark.django_db


def test_an_administrator_resets_a_lost_device(tree):
    from django.core.management import call_command

    enrol(tree.qb_secretary)
    Token.objects.create(user=tree.qb_secretary)
    call_command("reset_two_factor", "bithu.qb")
    assert not TOTPDevice.objects.filter(user=tree.qb_secretary).exists()
    assert not Token.objects.filter(user=tree.qb_secretary).exists()
    assert AuditEvent.objects.filter(verb="twofactor.reset").count() == 1
    client = Client()
    client.post("/login/", {"username": "bithu.qb", "password": "pw-12345"})
    assert client.get("/")["Location"].startswith("/account/2fa/setup/")  # enrols again


def test_an_unknown_username_is_refused_and_nothing_changes(tree):
    from django.core.management import CommandError, call_command

    enrol(tree.qb_secretary)
    with pytest.raises(CommandError, match="Không có người dùng “nobody”"):
        call_command("reset_two_factor", "nobody")
    assert TOTPDevice.objects.filter(user=tree.qb_secretary).exists()
    assert not AuditEvent.objects.filter(verb="twofactor.reset").exists()
