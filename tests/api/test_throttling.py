"""apps.api.throttling: the API's rate limits count per client address, as the trusted proxies
report it."""

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def _token(username, password="wrong", **meta):
    return Client().post(
        "/api/v1/auth/token/",
        {"username": username, "password": password},
        content_type="application/json",
        **meta,
    )


def test_the_token_endpoint_is_rate_limited_per_address(tree, monkeypatch):
    from apps.api.throttling import AddressScopedRateThrottle

    rates = {**AddressScopedRateThrottle.THROTTLE_RATES, "token": "3/minute"}
    monkeypatch.setattr(AddressScopedRateThrottle, "THROTTLE_RATES", rates)
    answers = [
        _token("capuy.qb", "pw-12345", REMOTE_ADDR="203.0.113.9").status_code for _ in range(4)
    ]
    assert answers == [200, 200, 200, 429]
    assert _token("capuy.qb", "pw-12345", REMOTE_ADDR="198.51.100.9").status_code == 200


def test_the_throttle_counts_by_the_address_the_trusted_proxies_report(rf, settings):
    from apps.api.throttling import AddressScopedRateThrottle

    throttle = AddressScopedRateThrottle()
    request = rf.post("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="203.0.113.9, 10.0.0.1")
    assert throttle.get_ident(request) == "10.0.0.2"  # no proxy trusted: the header is ignored
    settings.TRUSTED_PROXY_COUNT = 1
    assert throttle.get_ident(request) == "10.0.0.1"
    settings.TRUSTED_PROXY_COUNT = 2
    assert throttle.get_ident(request) == "203.0.113.9"
    assert throttle.get_ident(rf.post("/", REMOTE_ADDR=None)) == ""  # no address at all
