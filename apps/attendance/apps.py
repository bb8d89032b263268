from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AttendanceConfig(AppConfig):
    """The congress day: delegate cards, check-in, live attendance and the quorum."""

    name = "apps.attendance"
    verbose_name = _("Ngày đại hội")

    def ready(self) -> None:
        from apps.personnel.convened_base import register_base_reader

        from .selectors import recorded_base

        register_base_reader(recorded_base)
