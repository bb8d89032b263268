"""Values read at most once per request (the facts version a page's cache keys carry, say), or
once per daily sweep (the rule sets, which the deadline rules and the comment reminders both
read).

Only inside a request or a `remembering()` block: the middleware opens the memo and drops it at
the end, so a Celery worker or a shell never keeps a value past the moment it read it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import TypeVar

T = TypeVar("T")

_memo: ContextVar[dict | None] = ContextVar("request_memo", default=None)


class RequestMemoMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with remembering():
            return self.get_response(request)


@contextmanager
def remembering() -> Iterator[None]:
    """Values asked through once_per_request() inside the block are read once, then forgotten."""
    token = _memo.set({})
    try:
        yield
    finally:
        _memo.reset(token)


def once_per_request(key: str, compute: Callable[[], T]) -> T:
    memo = _memo.get()
    if memo is None:
        return compute()
    if key not in memo:
        memo[key] = compute()
    return memo[key]


def forget_all() -> None:
    """After a write in the request that changes what was read (the next read asks again)."""
    memo = _memo.get()
    if memo is not None:
        memo.clear()
