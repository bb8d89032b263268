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
