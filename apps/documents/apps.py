from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    name = "apps.documents"
    verbose_name = _("Văn kiện")

    def ready(self) -> None:
        # Its parts of the congress pages and the daily sweep (apps/congresses/contributions.py):
        # imported here, once the models are loaded, as the place Django gives for this.
        from . import contributions

        contributions.register()
