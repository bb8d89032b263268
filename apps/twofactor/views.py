"""The second sign-in step: enrol an authenticator app, enter a code, keep recovery codes."""

from __future__ import annotations

import base64

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from django_otp import login as otp_login

from apps.core.errors import DomainError

from . import services
from .forms import TokenForm, VerifyForm
from .policy import second_factor_required


def _next(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return resolve_url(settings.LOGIN_REDIRECT_URL)


@never_cache
@login_required
def setup(request):
    """Enrolment: a QR code (and the same secret as text) for the app, then one code to confirm.
    The recovery codes are shown once, on the page that answers the confirmation."""
    if services.is_enrolled(request.user) and not request.user.is_verified():
        return redirect(f"{reverse('twofactor:verify')}?next={_next(request)}")
    device = services.totp_pending(user=request.user)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            confirmed, codes = services.totp_confirm(
                user=request.user, token=form.cleaned_data["token"]
            )
        except DomainError as exc:
            form.add_error("token", exc.message)
        else:
            otp_login(request, confirmed)
            request.session["twofactor_enrolled"] = True
            return render(
                request,
                "twofactor/recovery_codes.html",
                {"codes": codes, "next": _next(request), "first_time": True},
            )
    secret = base64.b32encode(device.bin_key).decode()
    context = {
        "form": form,
        "qr_svg": segno.make(device.config_url, error="m").svg_inline(scale=4, border=2),
        "secret": " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
        "required": second_factor_required(request.user),
        "next": _next(request),
    }
    return render(request, "twofactor/setup.html", context)


@never_cache
@login_required
def verify(request):
    """The code step after the password: an app code, or a recovery code (used up)."""
    if request.user.is_verified():
        return redirect(_next(request))
    if not services.is_enrolled(request.user):
        return redirect(f"{reverse('twofactor:setup')}?next={_next(request)}")
    form = VerifyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = services.second_factor_check(user=request.user, token=form.cleaned_data["token"])
        if device is None:
            form.add_error(
                "token",
                _("Mã không đúng, đã dùng hoặc đã hết hạn. Nhập sai nhiều lần phải chờ lâu hơn."),
            )
        else:
            otp_login(request, device)
            left = services.recovery_codes_left(user=request.user)
            if device.name == services.RECOVERY_DEVICE_NAME:
                messages.warning(
                    request,
                    _("Đã dùng một mã dự phòng; còn %(n)d mã. Hãy tạo mã mới nếu sắp hết.")
                    % {"n": left},
                )
            return redirect(_next(request))
    return render(request, "twofactor/verify.html", {"form": form, "next": _next(request)})


@never_cache
@login_required
def manage(request):
    """My second factor: on or off, required or not, recovery codes left."""
    return render(
        request,
        "twofactor/manage.html",
        {
            "enrolled": services.is_enrolled(request.user),
            "required": second_factor_required(request.user),
            "codes_left": services.recovery_codes_left(user=request.user),
        },
    )


@never_cache
@login_required
@require_POST
def recovery_codes(request):
    if not request.user.is_verified():
        return redirect(f"{reverse('twofactor:verify')}?next={reverse('twofactor:manage')}")
    try:
        codes = services.recovery_codes_regenerate(user=request.user)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("twofactor:manage")
    return render(
        request,
        "twofactor/recovery_codes.html",
        {"codes": codes, "next": reverse("twofactor:manage"), "first_time": False},
    )


@login_required
@require_POST
def disable(request):
    if not request.user.is_verified():
        return redirect(f"{reverse('twofactor:verify')}?next={reverse('twofactor:manage')}")
    try:
        services.second_factor_disable(user=request.user)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        request.session.pop("otp_device_id", None)
        request.session["twofactor_enrolled"] = False
        messages.success(request, _("Đã tắt xác thực hai lớp."))
    return redirect("twofactor:manage")
