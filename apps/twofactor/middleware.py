"""Nothing but the sign-in steps for a signed-in user who still owes the second factor.

Listed after django_otp's OTPMiddleware (which says whether this session passed the second
step). A page request is sent to enrolment (no device yet) or to the code page, with `next`
kept; an API request made with the session answers 403 in JSON. Token-authenticated API calls
do not pass here signed in: their token was issued only after the second step
(apps.api.views.TokenView) and apps.twofactor.authentication refuses the others.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django_otp import user_has_device

from .policy import second_factor_expected


class SecondFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if (
            user.is_authenticated
            and not user.is_verified()
            and second_factor_expected(user, request.session)
        ):
            # The header's unread count and the like wait for the second step.
            request.second_factor_pending = True
            if self._open(request.path):
                return self.get_response(request)
            if request.path.startswith("/api/"):
                return JsonResponse(
                    {"detail": _("Cần xác thực hai lớp trước khi dùng phiên đăng nhập này.")},
                    status=403,
                )
            step = "twofactor:verify" if user_has_device(user) else "twofactor:setup"
            query = urlencode({"next": request.get_full_path()})
            return redirect(f"{reverse(step)}?{query}")
        return self.get_response(request)

    @staticmethod
    def _open(path: str) -> bool:
        """The pages a half-signed-in user may reach: the steps themselves, logout, language,
        static files."""
        open_paths = (
            reverse("twofactor:setup"),
            reverse("twofactor:verify"),
            reverse("accounts:logout"),
            reverse("set_language"),
            settings.STATIC_URL,
        )
        return path.startswith(open_paths)
