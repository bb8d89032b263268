"""The beat schedule in django-celery-beat's tables: the daily sweep at 06:00 Hà Nội time and the
pending e-mails every five minutes; installing again creates nothing and repairs an edit."""

import pytest
from django_celery_beat.models import CrontabSchedule, IntervalSchedule, PeriodicTask

from apps.congresses.schedule import (
    EMAIL_NAME,
    EMAIL_TASK,
    SWEEP_NAME,
    SWEEP_TASK,
    install_schedule,
)

pytestmark = pytest.mark.django_db


def test_the_two_entries_are_made_once():
    assert install_schedule() is True
    sweep = PeriodicTask.objects.get(name=SWEEP_NAME)
    assert sweep.task == SWEEP_TASK == "apps.congresses.tasks.run_deadline_sweep"
    assert (sweep.crontab.minute, sweep.crontab.hour) == ("0", "6")
    assert str(sweep.crontab.timezone) == "Asia/Ho_Chi_Minh" and sweep.enabled
    email = PeriodicTask.objects.get(name=EMAIL_NAME)
    assert email.task == EMAIL_TASK and email.crontab is None
    assert (email.interval.every, email.interval.period) == (5, IntervalSchedule.MINUTES)
    counts = (
        PeriodicTask.objects.count(),
        CrontabSchedule.objects.count(),
        IntervalSchedule.objects.count(),
    )
    assert install_schedule() is False
    assert (
        PeriodicTask.objects.count(),
        CrontabSchedule.objects.count(),
        IntervalSchedule.objects.count(),
    ) == counts


def test_an_entry_disabled_or_moved_in_the_admin_is_put_back():
    install_schedule()
    other = CrontabSchedule.objects.create(minute="30", hour="23")
    PeriodicTask.objects.filter(name=SWEEP_NAME).update(enabled=False, crontab=other, task="x")
    PeriodicTask.objects.filter(name=EMAIL_NAME).delete()
    assert install_schedule() is True  # the e-mail entry was made again
    sweep = PeriodicTask.objects.get(name=SWEEP_NAME)
    assert sweep.enabled and sweep.task == SWEEP_TASK and sweep.crontab.hour == "6"
    assert PeriodicTask.objects.filter(name=EMAIL_NAME, enabled=True).exists()
