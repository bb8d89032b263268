"""The beat schedule, kept in django-celery-beat's tables so operators see and edit it in admin."""

from django.conf import settings

SWEEP_TASK = "apps.congresses.tasks.run_deadline_sweep"
SWEEP_NAME = "Quét hạn đại hội hằng ngày (06:00)"
EMAIL_TASK = "apps.notifications.tasks.deliver_emails"
EMAIL_NAME = "Gửi thư thông báo còn chờ (5 phút một lần)"


def install_schedule() -> bool:
    """Create or repair the beat entries; True when any was created.

    The sweep runs daily at 06:00 Asia/Ho_Chi_Minh. Pending e-mails are retried every five
    minutes, so a broker outage when a notification was created delays its e-mail, never loses it.
    """
    from django_celery_beat.models import CrontabSchedule, IntervalSchedule, PeriodicTask

    daily, _ = CrontabSchedule.objects.get_or_create(
        minute="0",
        hour="6",
        day_of_week="*",
        day_of_month="*",
        month_of_year="*",
        timezone=settings.TIME_ZONE,
    )
    every5, _ = IntervalSchedule.objects.get_or_create(every=5, period=IntervalSchedule.MINUTES)
    _s, sweep_created = PeriodicTask.objects.update_or_create(
        name=SWEEP_NAME,
        defaults={"task": SWEEP_TASK, "crontab": daily, "interval": None, "enabled": True},
    )
    _e, email_created = PeriodicTask.objects.update_or_create(
        name=EMAIL_NAME,
        defaults={"task": EMAIL_TASK, "interval": every5, "crontab": None, "enabled": True},
    )
    return sweep_created or email_created
