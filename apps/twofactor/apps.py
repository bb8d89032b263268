from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TwoFactorConfig(AppConfig):
    """Second sign-in step (TOTP, recovery codes) on django-otp; sits above organizations,
    whose permission layer says who must use it."""

    name = "apps.twofactor"
    label = "twofactor"
    verbose_name = _("Xác thực hai lớp")

    def ready(self) -> None:
        from . import signals  # noqa: F401  (connects user_logged_in)
