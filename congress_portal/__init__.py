"""Congress Portal: preparing Party congresses in the People's Public Security forces."""

from .celery import app as celery_app

__all__ = ("celery_app",)
