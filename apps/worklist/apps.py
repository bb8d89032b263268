from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorklistConfig(AppConfig):
    """Each person's home: what they must do next, across every organisation they serve."""

    name = "apps.worklist"
    verbose_name = _("Việc cần làm")

    def ready(self) -> None:
        # The cached home pages' second version (apps.worklist.cache): any save of what the
        # page reads beyond the rules' facts, from a service or the admin.
        from django.apps import apps
        from django.db.models.signals import post_delete, post_save

        from .cache import WATCHED, worklist_changed

        for label in WATCHED:
            model = apps.get_model(label)
            post_save.connect(worklist_changed, sender=model, dispatch_uid=f"work-save-{label}")
            post_delete.connect(worklist_changed, sender=model, dispatch_uid=f"work-del-{label}")
