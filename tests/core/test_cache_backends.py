"""apps.core.cache_backends: with Redis down, the cache is a miss, never an error, and Redis is
skipped for a few seconds after each failure."""

import logging
import time

import pytest
import redis
from django.core.cache import cache

from tests.factories import CongressFactory
from tests.outage import pages_answer, redis_cache


@pytest.mark.django_db
def test_pages_answer_with_the_redis_cache_up_and_down(tree, own_redis, settings, caplog):
    settings.CACHES = redis_cache(own_redis)
    congress = CongressFactory(organization=tree.ankt)
    keys = redis.Redis.from_url(own_redis.url(2))
    pages_answer(tree, congress)
    assert keys.dbsize() > 0  # the pages really cache in this Redis
    own_redis.stop()
    with caplog.at_level(logging.WARNING, logger="apps.core.cache_backends"):
        started = time.monotonic()
        pages_answer(tree, congress)
        elapsed = time.monotonic() - started
    assert "cache unavailable" in caplog.text
    assert elapsed < 10
    own_redis.start()
    cache.clear()


def _closed_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]  # free once closed: nothing listens there


@pytest.fixture
def dead_cache():
    from apps.core.cache_backends import ForgivingRedisCache

    return ForgivingRedisCache(
        f"redis://127.0.0.1:{_closed_port()}/0",
        {"OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5}},
    )


def test_every_call_to_a_dead_redis_is_a_miss(dead_cache, caplog):
    with caplog.at_level(logging.WARNING, logger="apps.core.cache_backends"):
        assert dead_cache.get("k", "default") == "default"
    assert "cache unavailable (get" in caplog.text
    dead_cache._down_until = 0  # each call below reaches the server and fails
    answers = {}
    for name, call in {
        "set": lambda: dead_cache.set("k", 1),
        "add": lambda: dead_cache.add("k", 1),
        "touch": lambda: dead_cache.touch("k"),
        "delete": lambda: dead_cache.delete("k"),
        "get_many": lambda: dead_cache.get_many(["a", "b"]),
        "has_key": lambda: dead_cache.has_key("k"),
        "incr": lambda: dead_cache.incr("k", 3),
        "set_many": lambda: dead_cache.set_many({"a": 1, "b": 2}),
        "delete_many": lambda: dead_cache.delete_many(["a"]),
        "clear": lambda: dead_cache.clear(),
    }.items():
        dead_cache._down_until = 0
        answers[name] = call()
    assert answers == {
        "set": None,
        "add": False,
        "touch": False,
        "delete": False,
        "get_many": {},
        "has_key": False,
        "incr": 3,  # a fresh counter
        "set_many": ["a", "b"],  # none stored
        "delete_many": None,
        "clear": False,
    }


def test_after_a_failure_redis_is_skipped_for_the_down_window(dead_cache, monkeypatch):
    from apps.core import cache_backends

    now = [1000.0]
    monkeypatch.setattr(cache_backends.time, "monotonic", lambda: now[0])
    tries = []
    real = cache_backends.RedisCache.get

    def counting(self, *args, **kwargs):
        tries.append(1)
        return real(self, *args, **kwargs)

    monkeypatch.setattr(cache_backends.RedisCache, "get", counting)
    assert dead_cache.get("k") is None and len(tries) == 1
    now[0] += cache_backends.DOWN_SECONDS - 0.1
    assert [dead_cache.get("k", n) for n in range(3)] == [0, 1, 2] and len(tries) == 1
    now[0] += 0.2  # the window has passed: tried again (and failed again)
    assert dead_cache.get("k", "d") == "d" and len(tries) == 2


def test_a_live_redis_is_used_as_a_cache(own_redis):
    from apps.core.cache_backends import ForgivingRedisCache

    live = ForgivingRedisCache(own_redis.url(3), {})
    assert live.set("k", {"a": 1}) is None and live.get("k") == {"a": 1}
    assert live.add("k", 2) is False and live.get("k") == {"a": 1}
    assert live.add("n", 5) is True and live.incr("n", 2) == 7
    assert live.get_many(["k", "missing"]) == {"k": {"a": 1}}
    client = live._cache.get_client("k", write=True)
    assert live._cache.get_client("n") is client  # one redis-py client per pool, reused
    live.signal("done", waiters=2)
    assert live.wait_for("done", 0.1) and live.wait_for("done", 0.1)
    assert live.wait_for("done", 0.05) is False  # two waiters were woken, a third waits
    live.signal("done")
    live.forget_signal("done")
    assert live.wait_for("done", 0.05) is False
    live.clear()
    assert live.get("k") is None


def test_waiting_on_a_dead_redis_sleeps_instead_of_spinning(dead_cache):
    started = time.monotonic()
    assert dead_cache.wait_for("done", 0.2) is False
    assert time.monotonic() - started >= 0.2
