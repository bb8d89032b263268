"""Login throttling by account and by address, and which address a request comes from.

django-axes counts failures per (username, address): 5 lock that pair (AXES_FAILURE_LIMIT).
That alone let one address try 10 usernames × 4 passwords unhindered, so the handler below also
locks an address after LOGIN_ADDRESS_FAILURE_LIMIT failures over all usernames within the same
cool-off. The web form and the API token endpoint share both limits (one table of attempts).

The address: REMOTE_ADDR unless the site runs behind reverse proxies it names. With
TRUSTED_PROXY_COUNT = N > 0 (the number of proxies in front of the app, each appending the
address it received from to TRUSTED_PROXY_HEADER, X-Forwarded-For by default) the client is the
N-th entry from the right; whatever a client wrote further left is ignored. With the default 0,
the header is ignored entirely: a forged X-Forwarded-For neither dodges the limits nor locks
someone else out.
"""

from __future__ import annotations

import ipaddress
from typing import Any

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_ip_address
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _


def client_address(request: Any) -> str | None:
    """The client's address as the configured proxies report it (see the module doc)."""
    remote = request.META.get("REMOTE_ADDR")
    count = settings.TRUSTED_PROXY_COUNT
    if count <= 0:
        return remote
    header = request.META.get(settings.TRUSTED_PROXY_HEADER, "")
    hops = [hop.strip() for hop in header.split(",") if hop.strip()]
    if len(hops) < count:
        return remote
    try:
        return str(ipaddress.ip_address(hops[-count]))
    except ValueError:
        return remote


def address_failures(request: Any) -> int:
    """Failed sign-ins from this request's address within the cool-off, all usernames."""
    address = get_client_ip_address(request)
    if not address:
        return 0
    total = AccessAttempt.objects.filter(
        ip_address=address, attempt_time__gte=get_cool_off_threshold(request)
    ).aggregate(n=Sum("failures_since_start"))["n"]
    return total or 0


class AccountAndAddressHandler(AxesDatabaseHandler):
    """axes' database handler plus the per-address limit."""

    def is_locked(self, request, credentials: dict | None = None) -> bool:
        if super().is_locked(request, credentials):
            return True
        return address_failures(request) >= settings.LOGIN_ADDRESS_FAILURE_LIMIT

    def user_login_failed(self, sender, credentials: dict, request=None, **kwargs) -> None:
        """Record the failure (axes), then flag the response as a lockout when this failure
        reached the address's limit, as axes does for the account's."""
        super().user_login_failed(sender, credentials, request=request, **kwargs)
        if request is not None and (
            address_failures(request) >= settings.LOGIN_ADDRESS_FAILURE_LIMIT
        ):
            request.axes_locked_out = True


def lockout_response(request: Any, original_response: Any = None, credentials: Any = None):
    """429 for a locked sign-in: the page in the site's layout, or JSON for the API."""
    message = _(
        "Đăng nhập sai quá nhiều lần từ tài khoản hoặc địa chỉ này. Hãy thử lại sau 15 phút "
        "hoặc liên hệ quản trị."
    )
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": message}, status=429)
    return render(request, settings.AXES_LOCKOUT_TEMPLATE, {"message": message}, status=429)
