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
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

log = logging.getLogger(__name__)

# How long to skip Redis after a failed call before trying again.
DOWN_SECONDS = 5.0


class ForgivingRedisCache(RedisCache):
    """django's RedisCache whose failures are misses. OPTIONS should carry short socket
    timeouts (settings.base sets 0.5 s) so a dead server costs at most that once per window."""

    def __init__(self, server: Any, params: dict[str, Any]) -> None:
        super().__init__(server, params)
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
