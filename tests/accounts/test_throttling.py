"""apps.accounts.throttling (issue 17 item 9): login throttling per address as well as per
account and address; the client's address from trusted proxies only; the API token endpoint
under the same limits."""

import json

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.sessions.models import Session
from django.test import Client

from apps.accounts.throttling import client_address

pytestmark = pytest.mark.django_db
USERNAMES = [
    "bithu.qb",
    "btv.qb",
    "capuy.qb",
    "vanphong.qb",
    "dangvien.qb",
    "bithu.ptm",
    "btv.ptm",
    "bithu.ankt",
    "bithu.ht",
    "btv.ht",
]


def _login(username, password="wrong", **meta):
    return Client().post("/login/", {"username": username, "password": password}, **meta)


def _token(username, password="wrong", **meta):
    return Client().post(
        "/api/v1/auth/token/",
        {"username": username, "password": password},
        content_type="application/json",
        **meta,
    )


def test_ten_usernames_times_four_from_one_address_are_blocked(tree):
    attacker = {"REMOTE_ADDR": "203.0.113.7"}
    answers = [_login(name, **attacker).status_code for _try in range(4) for name in USERNAMES]
    limit = settings.LOGIN_ADDRESS_FAILURE_LIMIT
    assert limit == 20 and settings.AXES_FAILURE_LIMIT == 5
    assert answers[: limit - 1] == [200] * (limit - 1)  # wrong password, form shown again
    assert set(answers[limit - 1 :]) == {429}  # the address is locked, whatever the username
    locked = _login("capuy.qb", "pw-12345", **attacker)  # even with the right password
    assert locked.status_code == 429 and "địa chỉ này" in locked.content.decode()
    assert not Session.objects.exists()
    # another address is not affected
    assert _login("capuy.qb", "pw-12345", REMOTE_ADDR="198.51.100.9").status_code == 302


def test_a_forged_forwarded_for_neither_dodges_nor_frames_by_default(tree):
    """No proxy trusted (the default): X-Forwarded-For is ignored."""
    assert settings.TRUSTED_PROXY_COUNT == 0
    for i in range(settings.AXES_FAILURE_LIMIT):
        _login("bithu.qb", REMOTE_ADDR="203.0.113.7", HTTP_X_FORWARDED_FOR=f"192.0.2.{i}")
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"203.0.113.7"}
    dodge = _login(
        "bithu.qb", "pw-12345", REMOTE_ADDR="203.0.113.7", HTTP_X_FORWARDED_FOR="192.0.2.99"
    )
    assert dodge.status_code == 429
    # the account from the address the attacker named is not locked
    victim = _login("bithu.qb", "pw-12345", REMOTE_ADDR="192.0.2.1")
    assert victim.status_code == 302


def test_behind_a_trusted_proxy_one_client_cannot_lock_out_another(tree, settings):
    proxy = {"REMOTE_ADDR": "10.0.0.2"}  # every request arrives from the reverse proxy
    settings.TRUSTED_PROXY_COUNT = 1
    for _ in range(settings.AXES_FAILURE_LIMIT):
        # the attacker also forges a left-hand entry naming the victim; the proxy appends
        # the address it really saw
        _login("bithu.qb", **proxy, HTTP_X_FORWARDED_FOR="198.51.100.9, 203.0.113.7")
    assert (
        _login("bithu.qb", "pw-12345", **proxy, HTTP_X_FORWARDED_FOR="203.0.113.7").status_code
        == 429
    )
    victim = _login("bithu.qb", "pw-12345", **proxy, HTTP_X_FORWARDED_FOR="198.51.100.9")
    assert victim.status_code == 302
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"203.0.113.7"}


def test_without_the_proxy_setting_everyone_behind_the_proxy_shares_one_lock(tree, settings):
    """Why the setting exists: counted by the proxy's address, five failures lock the account
    for everybody behind it."""
    proxy = {"REMOTE_ADDR": "10.0.0.2"}
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _login("bithu.qb", **proxy, HTTP_X_FORWARDED_FOR="203.0.113.7")
    assert (
        _login("bithu.qb", "pw-12345", **proxy, HTTP_X_FORWARDED_FOR="198.51.100.9").status_code
        == 429
    )


def test_client_address_reads_the_configured_hops(rf, settings):
    request = rf.get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="1.1.1.1, 2.2.2.2, 3.3.3.3")
    assert client_address(request) == "10.0.0.2"
    settings.TRUSTED_PROXY_COUNT = 2
    assert client_address(request) == "2.2.2.2"
    settings.TRUSTED_PROXY_COUNT = 4  # fewer hops than proxies: the header is not trusted
    assert client_address(request) == "10.0.0.2"
    settings.TRUSTED_PROXY_COUNT = 1
    bad = rf.get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="not-an-address")
    assert client_address(bad) == "10.0.0.2"
    settings.TRUSTED_PROXY_HEADER = "HTTP_X_REAL_IP"
    real = rf.get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_REAL_IP="4.4.4.4")
    assert client_address(real) == "4.4.4.4"


def test_the_token_endpoint_counts_with_the_login_form(tree):
    attacker = {"REMOTE_ADDR": "203.0.113.7"}
    answers = [
        _token("capuy.qb", **attacker).status_code for _ in range(settings.AXES_FAILURE_LIMIT)
    ]
    assert answers == [400] * (settings.AXES_FAILURE_LIMIT - 1) + [429]
    locked = _token("capuy.qb", "pw-12345", **attacker)
    assert locked.status_code == 429 and "quá nhiều lần" in locked.json()["detail"]
    assert not locked.json().get("token")
    from rest_framework.authtoken.models import Token

    assert not Token.objects.exists()
    # the same lock holds on the web form, and the other way round
    assert _login("capuy.qb", "pw-12345", **attacker).status_code == 429
    assert _token("capuy.qb", "pw-12345", REMOTE_ADDR="198.51.100.9").status_code == 200


def test_the_token_endpoint_has_the_per_address_limit(tree):
    attacker = {"REMOTE_ADDR": "203.0.113.8"}
    for _try in range(2):
        for name in USERNAMES:
            _token(name, **attacker)
    assert _token("capuy.qb", "pw-12345", **attacker).status_code == 429


def test_login_is_throttled_after_five_failures(client, tree):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        response = client.post("/login/", {"username": "bithu.qb", "password": "wrong"})
    response = client.post("/login/", {"username": "bithu.qb", "password": "pw-12345"})
    assert response.status_code == 429
    assert "Đăng nhập sai quá nhiều lần" in response.content.decode()
    # another account from the same address is not locked
    assert client.post("/login/", {"username": "btv.qb", "password": "pw-12345"}).status_code == 302


def test_the_lockout_answers_json_on_the_api_and_a_page_elsewhere(rf):
    from apps.accounts.throttling import lockout_response

    api = lockout_response(rf.post("/api/v1/auth/token/"))
    assert api.status_code == 429 and api["Content-Type"] == "application/json"
    assert "quá nhiều lần" in json.loads(api.content)["detail"]
    page = lockout_response(rf.post("/login/"))
    assert page.status_code == 429 and "text/html" in page["Content-Type"]
    assert "Đăng nhập sai quá nhiều lần" in page.content.decode()


def test_address_failures_sum_every_username_within_the_cool_off_only(rf, tree):
    import datetime as dt

    from django.utils import timezone

    from apps.accounts.throttling import address_failures

    request = rf.post("/login/", REMOTE_ADDR="203.0.113.50")
    request.axes_attempt_time = timezone.now()  # set by axes' middleware on a real request
    assert address_failures(request) == 0
    for name, failures in (("a", 3), ("b", 2)):
        AccessAttempt.objects.create(
            username=name, ip_address="203.0.113.50", user_agent="", failures_since_start=failures
        )
    old = AccessAttempt.objects.create(
        username="c", ip_address="203.0.113.50", user_agent="", failures_since_start=7
    )
    AccessAttempt.objects.filter(pk=old.pk).update(
        attempt_time=timezone.now() - dt.timedelta(hours=1)  # before the 15-minute cool-off
    )
    AccessAttempt.objects.create(
        username="a", ip_address="198.51.100.1", user_agent="", failures_since_start=9
    )
    assert address_failures(request) == 5
