"""apps.twofactor.signals: the sign-in remembers whether the user has a confirmed device."""

from types import SimpleNamespace

import pytest
from django.test import Client

from apps.twofactor.policy import ENROLLED_SESSION_KEY
from apps.twofactor.signals import remember_enrolment
from tests.second_factor import enrol

pytestmark = pytest.mark.django_db


def _signed_in(username: str) -> Client:
    client = Client()
    assert client.post("/login/", {"username": username, "password": "pw-12345"}).status_code == 302
    return client


def test_a_user_without_a_device_is_remembered_as_not_enrolled(tree):
    assert _signed_in("capuy.qb").session[ENROLLED_SESSION_KEY] is False


def test_an_enrolled_user_is_remembered_as_enrolled(tree):
    enrol(tree.qb_committee)
    assert _signed_in("capuy.qb").session[ENROLLED_SESSION_KEY] is True


def test_a_sign_in_without_a_request_is_ignored(tree):
    """authenticate() and login() may be called without a request (a command, the API)."""
    assert remember_enrolment(sender=None, request=None, user=tree.qb_member) is None
    sessionless = SimpleNamespace()
    remember_enrolment(sender=None, request=sessionless, user=tree.qb_member)
    assert vars(sessionless) == {}  # nothing stored on a request without a session
