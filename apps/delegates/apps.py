from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DelegatesConfig(AppConfig):
    name = "apps.delegates"
    verbose_name = _("Đại biểu")

    def ready(self) -> None:
        # The allocation decision and the credentials report join apps.reports.
        from .documents import register_documents

        register_documents()
