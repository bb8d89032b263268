"""The beat schedule, stored in django-celery-beat's tables so operators see and edit it in admin."""

from django.conf import settings

SWEEP_TASK = "apps.congresses.tasks.run_deadline_sweep"
SWEEP_NAME = "Quét hạn đại hội hằng ngày (06:00)"


def install_schedule() -> bool:
    """Create or repair the daily 06:00 Asia/Ho_Chi_Minh sweep entry; True when it was created."""
    from django_celery_beat.models import CrontabSchedule, PeriodicTask

    crontab, _ = CrontabSchedule.objects.get_or_create(
        minute="0",
        hour="6",
        day_of_week="*",
        day_of_month="*",
        month_of_year="*",
        timezone=settings.TIME_ZONE,
    )
    _task, created = PeriodicTask.objects.update_or_create(
        name=SWEEP_NAME,
        defaults={"task": SWEEP_TASK, "crontab": crontab, "interval": None, "enabled": True},
    )
    return created
