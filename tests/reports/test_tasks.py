"""apps/reports/tasks.py: the Celery task that runs a report job, with its time limits."""

import pytest
from django.db import DatabaseError

from apps.reports import services
from apps.reports.models import JobStatus
from apps.reports.tasks import generate_report
from tests.reports.pdf import flat


def test_time_limits_are_set_on_the_task(settings):
    assert generate_report.soft_time_limit == settings.REPORT_JOB_SOFT_TIME_LIMIT > 0
    assert generate_report.time_limit == settings.REPORT_JOB_TIME_LIMIT
    assert generate_report.time_limit > generate_report.soft_time_limit
    assert settings.CELERY_WORKER_MAX_MEMORY_PER_CHILD > 0


@pytest.mark.django_db
def test_the_task_runs_the_job_and_answers_its_status(tree):
    job = services.job_request(user=tree.qb_officer, root=tree.qb)
    assert generate_report.run(job.pk) == JobStatus.DONE
    job.refresh_from_db()
    assert job.status == JobStatus.DONE and job.pages >= 1
    assert "BÁO CÁO" in flat(job.file.read())
    # redelivered (acks_late): the finished job is not made again
    done_at = job.finished_at
    assert generate_report.run(job.pk) == JobStatus.DONE
    job.refresh_from_db()
    assert job.finished_at == done_at


def test_the_task_is_retried_on_database_errors_only():
    assert generate_report.autoretry_for == (DatabaseError,)
    assert generate_report.max_retries == 3 and generate_report.acks_late
