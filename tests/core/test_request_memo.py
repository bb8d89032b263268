"""apps.core.request_memo: a value is computed once per request, afresh after forget_all, and
never kept outside a request."""

import pytest
from django.http import HttpResponse

from apps.core.request_memo import RequestMemoMiddleware, forget_all, once_per_request


def _counter():
    calls = []

    def compute():
        calls.append(1)
        return len(calls)

    return calls, compute


def test_outside_a_request_every_read_computes():
    calls, compute = _counter()
    assert [once_per_request("k", compute) for _ in range(3)] == [1, 2, 3]
    forget_all()  # nothing to forget: no error


def test_inside_a_request_once_per_key_until_forgotten(rf):
    calls, compute = _counter()
    seen = {}

    def view(request):
        seen["first"] = [once_per_request("k", compute) for _ in range(3)]
        seen["other"] = once_per_request("other", lambda: "x")
        forget_all()
        seen["after"] = once_per_request("k", compute)
        return HttpResponse()

    RequestMemoMiddleware(view)(rf.get("/"))
    assert seen == {"first": [1, 1, 1], "other": "x", "after": 2}
    assert once_per_request("k", compute) == 3  # the memo went with the request


def test_the_memo_is_dropped_when_the_view_raises(rf):
    calls, compute = _counter()

    def failing(request):
        once_per_request("k", compute)
        raise RuntimeError

    with pytest.raises(RuntimeError):
        RequestMemoMiddleware(failing)(rf.get("/"))
    assert once_per_request("k", compute) == 2
