"""A Redis cache that degrades to no cache when Redis is unreachable.

The cache only ever holds copies (dashboards, throttle counters); sessions and login throttling
live in the database. So when Redis is down, a page is slower, never an error: every call that
fails is logged once per outage and answered as a miss (get → default, set → nothing stored).
After a failure the backend skips Redis for DOWN_SECONDS, so a page with twenty cache reads does
not wait twenty connection timeouts; then it tries again by itself.
"""

from __future__ import annotations

import logging
import time
from typing import Any

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import RedisError

log = logging.getLogger(__name__)

# How long to skip Redis after a failed call before trying again.
DOWN_SECONDS = 5.0
# How many waiters one `signal` wakes: more than the workers of a server; a waiter past them
# finds the result when its own wait runs out.
WAKE_TOKENS = 64


class ReusedClientRedisCacheClient(RedisCacheClient):
    """django's Redis cache client, keeping one redis-py client per connection pool instead of
    building one for every call: building one fills some 170 response callbacks, about a
    millisecond of CPU for the five cache calls of a cached dashboard (a sixth of the page).
    A redis-py client over a pool is safe to share between threads; the pool itself checks
    for a fork."""

    def get_client(self, key: Any = None, *, write: bool = False) -> Any:
        pool = self._get_connection_pool(write)  # type: ignore[attr-defined]  # not in the stubs
        clients: dict[int, Any] = self.__dict__.setdefault("_reused_clients", {})
        client = clients.get(id(pool))
        if client is None:
            client = clients[id(pool)] = self._client(connection_pool=pool)  # type: ignore[attr-defined]
        return client


class ForgivingRedisCache(RedisCache):
    """django's RedisCache whose failures are misses. OPTIONS should carry short socket
    timeouts (settings.base sets 0.5 s) so a dead server costs at most that once per window."""

    def __init__(self, server: Any, params: dict[str, Any]) -> None:
        super().__init__(server, params)
        self._class = ReusedClientRedisCacheClient
        self._down_until = 0.0

    def _call(self, name: str, fallback: Any, *args: Any, **kwargs: Any) -> Any:
        if time.monotonic() < self._down_until:
            return fallback
        try:
            return getattr(super(), name)(*args, **kwargs)
        except RedisError as exc:
            log.warning("cache unavailable (%s: %s); serving without cache", name, exc)
            self._down_until = time.monotonic() + DOWN_SECONDS
            return fallback

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("add", False, key, value, timeout, version)

    def get(self, key, default=None, version=None):
        return self._call("get", default, key, default, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set", None, key, value, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("touch", False, key, timeout, version)

    def delete(self, key, version=None):
        return self._call("delete", False, key, version)

    def get_many(self, keys, version=None):
        return self._call("get_many", {}, keys, version)

    def has_key(self, key, version=None):
        return self._call("has_key", False, key, version)

    def incr(self, key, delta=1, version=None):
        # No counter to increase while Redis is away: behave as a fresh counter.
        return self._call("incr", delta, key, delta, version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set_many", list(data), data, timeout, version)

    def delete_many(self, keys, version=None):
        return self._call("delete_many", None, keys, version)

    def clear(self):
        return self._call("clear", False)

    # Waking the waiters of a computation (apps.core.single_flight): a list the holder fills
    # when it is done and the waiters block on, instead of polling the cache every few ms.

    def signal(self, name: str, *, waiters: int = WAKE_TOKENS, seconds: int = 5) -> None:
        """Wake up to `waiters` processes blocked in `wait_for(name)` (and let those that block
        within `seconds` return at once)."""
        key = self.make_and_validate_key(name)
        try:
            client = self._client(key)
            client.pipeline().delete(key).rpush(key, *[1] * waiters).expire(key, seconds).execute()
        except RedisError as exc:
            log.warning("cache unavailable (signal: %s)", exc)
            self._down_until = time.monotonic() + DOWN_SECONDS

    def _client(self, key: str) -> Any:
        """The redis-py client of the server holding `key` (django's RedisCache's own)."""
        return self._cache.get_client(key, write=True)  # type: ignore[attr-defined]

    def forget_signal(self, name: str) -> None:
        """Drop what an earlier `signal(name)` left, before computing under `name` again."""
        self.delete(name)

    def wait_for(self, name: str, seconds: float) -> bool:
        """Block until `signal(name)` or for `seconds` (keep it under the socket timeout);
        True when signalled. Redis away: sleep `seconds` (a waiter must not spin) and False."""
        if time.monotonic() >= self._down_until:
            key = self.make_and_validate_key(name)
            try:
                client = self._client(key)
                return client.blpop([key], timeout=seconds) is not None
            except RedisError as exc:
                log.warning("cache unavailable (wait_for: %s)", exc)
                self._down_until = time.monotonic() + DOWN_SECONDS
        time.sleep(seconds)
        return False
