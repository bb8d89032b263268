from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PersonnelConfig(AppConfig):
    name = "apps.personnel"
    verbose_name = _("Nhân sự")

    def ready(self) -> None:
        # Its parts of the congress pages and the daily sweep (apps/congresses/contributions.py):
        # imported here, once the models are loaded, as the place Django gives for this.
        from . import contributions

        contributions.register()
