import secrets
import threading
import time

import pytest
from django.core.cache import cache

from apps.core.single_flight import computed_once


def _once(name: str, compute, **kwargs):
    return computed_once(
        name,
        lambda: cache.get(name),
        compute,
        lambda value: cache.set(name, value, 60),
        **kwargs,
    )


def test_identical_concurrent_computations_run_once_and_everyone_gets_the_result():
    runs = []
    started = threading.Barrier(4)
    results = []

    def compute():
        runs.append(threading.get_ident())
        time.sleep(0.3)  # long enough for the others to find the lock taken
        return "rows"

    def request():
        started.wait()
        results.append(_once("board", compute))

    threads = [threading.Thread(target=request) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(10)
    assert len(runs) == 1
    assert results == ["rows"] * 4
    assert cache.get("lock:board") is None  # released


def test_a_found_result_is_not_computed_again():
    cache.set("board", "cached", 60)
    assert _once("board", lambda: "computed") == "cached"


def test_a_waiter_computes_when_the_lock_holder_died():
    cache.add("lock:board", "a dead worker", 1)  # it took the lock and never stored anything
    started = time.monotonic()
    assert _once("board", lambda: "computed by the waiter", lock_seconds=5) == (
        "computed by the waiter"
    )
    waited = time.monotonic() - started
    assert 0.9 <= waited < 3  # until the dead holder's lock expired, not the whole bound
    assert cache.get("board") == "computed by the waiter"


def test_a_failed_computation_frees_the_lock_for_the_next_one():
    def fails():
        raise ValueError("database went away")

    with pytest.raises(ValueError):
        _once("board", fails)
    assert cache.get("lock:board") is None
    assert _once("board", lambda: "second try") == "second try"


def test_a_waiter_stops_waiting_at_its_bound():
    cache.add("lock:board", "a holder that never ends", 60)
    started = time.monotonic()
    assert _once("board", lambda: "computed", wait_seconds=0.3) == "computed"
    assert time.monotonic() - started < 2


def test_a_cache_that_cannot_lock_means_computing_at_once(monkeypatch):
    monkeypatch.setattr(cache, "add", lambda *args, **kwargs: False)  # Redis away: misses
    started = time.monotonic()
    assert _once("board", lambda: "computed") == "computed"
    assert time.monotonic() - started < 1


@pytest.fixture
def redis_cache(settings):
    """The production cache (ForgivingRedisCache) on the Redis the suite's task tests use, under
    a key prefix of its own."""
    url = settings.CELERY_BROKER_URL
    if not url.startswith("redis://"):
        pytest.skip("no Redis")
    prefix = f"single-flight-{secrets.token_hex(4)}"
    settings.CACHES = {
        "default": {
            "BACKEND": "apps.core.cache_backends.ForgivingRedisCache",
            "LOCATION": url,
            "KEY_PREFIX": prefix,
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
    yield cache
    cache.delete_many(["board", "lock:board", "done:board"])


def test_waiters_on_redis_wake_when_the_holder_is_done_instead_of_polling(redis_cache):
    """Blocked on the holder's signal: each waiter looks at the cache a few times in 0.4 s (it
    polled 20 times), and all finish within a few ms of the holder."""
    runs, looks, results = [], [], []
    finished: dict[int, float] = {}
    started = threading.Barrier(4)

    def compute():
        runs.append(1)
        time.sleep(0.4)
        return "rows"

    def load():
        looks.append(threading.get_ident())
        return cache.get("board")

    def request(i):
        started.wait()
        results.append(
            computed_once("board", load, compute, lambda value: cache.set("board", value, 60))
        )
        finished[i] = time.monotonic()

    threads = [threading.Thread(target=request, args=(i,)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(10)
    assert runs == [1] and results == ["rows"] * 4
    assert max(looks.count(ident) for ident in set(looks)) <= 7  # every 0.1 s at most
    assert max(finished.values()) - min(finished.values()) < 0.1
    assert cache.get("lock:board") is None


def test_a_waiter_on_redis_takes_over_at_once_when_the_holder_fails(redis_cache):
    """The failing holder's signal wakes the waiter, which finds the lock free and computes."""
    started = threading.Barrier(2)
    outcome: dict[str, object] = {}

    def fails():
        time.sleep(0.3)
        raise ValueError("database went away")

    def holder():
        started.wait()
        with pytest.raises(ValueError):
            computed_once("board", lambda: cache.get("board"), fails, lambda v: None)

    def waiter():
        started.wait()
        time.sleep(0.05)  # the holder has the lock
        begun = time.monotonic()
        outcome["value"] = computed_once(
            "board", lambda: cache.get("board"), lambda: "second try", lambda v: None
        )
        outcome["waited"] = time.monotonic() - begun

    threads = [threading.Thread(target=holder), threading.Thread(target=waiter)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(10)
    assert outcome["value"] == "second try"
    assert outcome["waited"] < 0.5  # woken by the failure, not by the lock's 30 s expiry
