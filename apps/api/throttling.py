"""Rate limits of the API keyed by the client's address as the trusted proxies report it
(apps.accounts.throttling.client_address), never by a header the client wrote."""

from rest_framework.throttling import ScopedRateThrottle

from apps.accounts.throttling import client_address


class AddressScopedRateThrottle(ScopedRateThrottle):
    """ScopedRateThrottle (the view's throttle_scope, the rate in DEFAULT_THROTTLE_RATES) per
    client address for anonymous callers."""

    def get_ident(self, request):
        return client_address(request) or ""
