from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DelegatesConfig(AppConfig):
    name = "apps.delegates"
    verbose_name = _("Đại biểu")
