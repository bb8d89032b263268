"""What the Redis outage tests share: the cache settings pointing at a test's own Redis, and
what a user does (signs in, fetches a token, opens the cached pages) while it is up or down."""

from django.test import Client

from tests.redis_server import RedisServer
from tests.second_factor import current_code, enrol, sign_in


def redis_cache(server: RedisServer) -> dict:
    return {
        "default": {
            "BACKEND": "apps.core.cache_backends.ForgivingRedisCache",
            "LOCATION": server.url(2),
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }


def pages_answer(tree, congress) -> None:
    """What a user does: log in, fetch an API token, open the cached pages."""
    browser = Client()
    sign_in(browser, "bithu.ankt")  # password and second factor
    for path in ("/", "/org/", "/congresses/org/QB-ANKT/", f"/congresses/{congress.pk}/"):
        assert browser.get(path).status_code == 200, path
    token = Client().post(
        "/api/v1/auth/token/",
        {
            "username": "bithu.ankt",
            "password": "pw-12345",
            "otp_token": current_code(enrol(tree.ankt_secretary)),
        },
        content_type="application/json",
    )
    assert token.status_code == 200 and token.json()["token"]
    api = Client(headers={"Authorization": f"Token {token.json()['token']}"})
    assert api.get("/api/v1/congresses/").status_code == 200
