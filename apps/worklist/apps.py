from django.apps import AppConfig


class WorklistConfig(AppConfig):
    """Each person's home: what they must do next, across every organisation they serve."""

    name = "apps.worklist"
    verbose_name = "Việc cần làm"
