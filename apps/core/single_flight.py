"""Identical expensive computations done once at a time: the others wait for the result.

When a roll-up's version changes, every request that wants it misses the cache at the same
moment; without a lock, four central users opening the root dashboard together rebuild it four
times on two cores. Here the first to `add` the lock key computes and stores; the others wait for
the result: blocked on a list the holder fills when it is done, with a cache that can
(ForgivingRedisCache.signal and wait_for: the waiters wake as soon as it is stored and spend no
CPU meanwhile, where polling every 5-20 ms cost two cache reads a look and up to 20 ms), or
polling the cache otherwise (locmem). A waiter stops waiting when the result appears, when the
lock disappears without a result (its holder died or failed: the lock's own timeout frees it),
or when its bound runs out; then it computes itself. The lock is the cache's atomic `add` (Redis
SET NX with an expiry; locmem under its lock), so it works with every backend the portal runs
on; with a cache that cannot answer (Redis away: ForgivingRedisCache answers misses) each
request just computes.
"""

from __future__ import annotations

import secrets
import time
from collections.abc import Callable
from typing import Protocol, TypeVar, cast

from django.core.cache import cache

T = TypeVar("T")


class Signals(Protocol):
    """A cache whose waiters can block until the holder is done (ForgivingRedisCache)."""

    def signal(self, name: str) -> None: ...

    def forget_signal(self, name: str) -> None: ...

    def wait_for(self, name: str, seconds: float) -> bool: ...


LOCK_SECONDS = 30.0  # a holder that dies frees the lock after this
WAIT_SECONDS = 30.0  # a waiter computes itself after this, whatever the lock says
POLL_SECONDS = (0.005, 0.02)  # first and longest pause between two looks at the cache
BLOCK_SECONDS = 0.1  # longest wait for a signal: well under the Redis socket timeout (0.5 s)


def computed_once(
    name: str,
    load: Callable[[], T | None],
    compute: Callable[[], T],
    store: Callable[[T], object],
    *,
    lock_seconds: float = LOCK_SECONDS,
    wait_seconds: float = WAIT_SECONDS,
) -> T:
    """`load()` if it finds the result; otherwise `compute()` and `store()` it under a lock
    named `name`, or wait for whoever holds that lock to store it."""
    value = load()
    if value is not None:
        return value
    lock = f"lock:{name}"
    done = f"done:{name}"
    signals = cast(Signals, cache) if hasattr(cache, "wait_for") else None
    owner = secrets.token_hex(6)
    deadline = time.monotonic() + wait_seconds
    pause = POLL_SECONDS[0]
    tried_after_release = False
    while True:
        if cache.add(lock, owner, max(1, round(lock_seconds))):
            if signals:
                signals.forget_signal(done)  # what an earlier computation left
            try:
                value = compute()
                store(value)
                return value
            finally:
                if cache.get(lock) == owner:  # not a lock that expired and was taken again
                    cache.delete(lock)
                if signals:
                    signals.signal(done)  # stored, or failed: the waiters look again now
        while time.monotonic() < deadline:
            if signals:
                signals.wait_for(done, min(BLOCK_SECONDS, max(0.001, deadline - time.monotonic())))
            else:
                time.sleep(pause)
                pause = min(pause * 2, POLL_SECONDS[1])
            value = load()
            if value is not None:
                return value
            if cache.get(lock) is None:
                break  # released without a result, or expired: try to take it
        else:
            return compute()  # waited long enough
        if tried_after_release and cache.get(lock) is None:
            return compute()  # `add` fails on a free lock: the cache is not answering
        tried_after_release = True
