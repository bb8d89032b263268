"""Enrolling, checking and resetting the second factor; every change audited.

Two kinds of django-otp devices per user: one TOTP device (an authenticator app, RFC 6238,
30-second codes of 6 digits) and one static device holding RECOVERY_CODES single-use recovery
codes. django-otp throttles failed attempts per device (growing delays) and refuses a TOTP code
already used, so a code seen over someone's shoulder cannot be replayed.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _
from django_otp import devices_for_user
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.authtoken.models import Token

from apps.audit.services import audit_record
from apps.core.errors import DomainError

from .policy import second_factor_required

RECOVERY_CODES = 10
APP_DEVICE_NAME = "authenticator"
RECOVERY_DEVICE_NAME = "recovery"


def totp_pending(*, user: Any) -> TOTPDevice:
    """The unconfirmed authenticator device whose secret the enrolment page shows (one per
    user; reloading the page keeps the same secret so a half-done scan still works)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("id").first()
    return device or TOTPDevice.objects.create(user=user, name=APP_DEVICE_NAME, confirmed=False)


def clean_token(token: str) -> str:
    return "".join((token or "").split()).lower()


@transaction.atomic
def totp_confirm(*, user: Any, token: str) -> tuple[TOTPDevice, list[str]]:
    """Confirm the pending device with a code from the app; returns it and fresh recovery codes.

    Replaces any earlier authenticator, and revokes the user's API tokens: a token issued before
    the second factor was not issued with it.
    """
    device = (
        TOTPDevice.objects.select_for_update()
        .filter(user=user, confirmed=False)
        .order_by("id")
        .first()
    )
    if device is None or not device.verify_token(clean_token(token)):
        raise DomainError(
            _("Mã xác thực không đúng. Hãy nhập mã 6 chữ số đang hiện trong ứng dụng."),
            field="token",
        )
    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    codes = _new_recovery_codes(user)
    revoked = Token.objects.filter(user=user).delete()[0]
    audit_record(actor=user, verb="twofactor.enrolled", target=user, api_tokens_revoked=revoked)
    return device, codes


@transaction.atomic
def recovery_codes_regenerate(*, user: Any) -> list[str]:
    """New recovery codes; the old ones stop working."""
    if not TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        raise DomainError(_("Chưa bật xác thực hai lớp."))
    codes = _new_recovery_codes(user)
    audit_record(actor=user, verb="twofactor.recovery_codes_regenerated", target=user)
    return codes


def _new_recovery_codes(user: Any) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    static = StaticDevice.objects.create(user=user, name=RECOVERY_DEVICE_NAME, confirmed=True)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create([StaticToken(device=static, token=c) for c in codes])
    return codes


def second_factor_check(*, user: Any, token: str) -> Device | None:
    """The confirmed device that accepts `token` (an app code or a recovery code, which is then
    used up), or None. Each device is locked while it checks, so two requests cannot both spend
    one recovery code, and its failure counter (throttling) is kept."""
    token = clean_token(token)
    if not token:
        return None
    with transaction.atomic():
        for device in devices_for_user(user, for_verify=True):
            if device.verify_token(token):
                if isinstance(device, StaticDevice):
                    left = StaticToken.objects.filter(device=device).count()
                    audit_record(
                        actor=user, verb="twofactor.recovery_code_used", target=user, left=left
                    )
                return device
    return None


@transaction.atomic
def second_factor_disable(*, user: Any) -> None:
    """Remove the user's devices; refused where the role requires the second factor."""
    if second_factor_required(user):
        raise DomainError(_("Vai trò của bạn bắt buộc xác thực hai lớp; không thể tắt."))
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    audit_record(actor=user, verb="twofactor.disabled", target=user)


@transaction.atomic
def second_factor_reset(*, actor: Any, user: Any) -> None:
    """An administrator clears a user's devices (a lost phone and lost codes); the user enrols
    again at the next sign-in. API tokens go too."""
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    Token.objects.filter(user=user).delete()
    audit_record(actor=actor, verb="twofactor.reset", target=user)


def recovery_codes_left(*, user: Any) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def is_enrolled(user: Any) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()
