"""apps/reports/tasks.py: the Celery task that runs a report job, with its time limits."""

from apps.reports.tasks import generate_report


def test_time_limits_are_set_on_the_task(settings):
    assert generate_report.soft_time_limit == settings.REPORT_JOB_SOFT_TIME_LIMIT > 0
    assert generate_report.time_limit == settings.REPORT_JOB_TIME_LIMIT
    assert generate_report.time_limit > generate_report.soft_time_limit
    assert settings.CELERY_WORKER_MAX_MEMORY_PER_CHILD > 0
