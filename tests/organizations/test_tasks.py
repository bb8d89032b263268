"""The import job's Celery task: the job's body under the settings' time limits, answering the
job's status."""

import pytest
from django.conf import settings

from apps.organizations import import_jobs
from apps.organizations.models import ImportJob, ImportStatus
from apps.organizations.tasks import run_import_job
from tests.organizations.import_files import to_csv

pytestmark = pytest.mark.django_db


def test_the_task_runs_the_job_and_answers_its_status(tree):
    good = import_jobs.import_job_start(
        actor=tree.qb_officer,
        organization=tree.qb,
        what="organizations",
        filename="x.csv",
        data=to_csv([["QB-T1", "QB", "Chi bộ T1", "", "grassroots cell"]]),
    )
    bad = import_jobs.import_job_start(
        actor=tree.qb_officer,
        organization=tree.qb,
        what="organizations",
        filename="y.csv",
        data=to_csv([["QB-T2", "NOPE", "Chi bộ T2", "", "grassroots cell"]]),
    )
    assert run_import_job.run(good.pk) == "checked"
    assert run_import_job.run(bad.pk) == "refused"
    assert dict(ImportJob.objects.values_list("filename", "status")) == {
        "x.csv": ImportStatus.CHECKED,
        "y.csv": ImportStatus.REFUSED,
    }


def test_the_task_has_the_settings_time_limits_and_acks_late():
    assert run_import_job.soft_time_limit == settings.IMPORT_JOB_SOFT_TIME_LIMIT
    assert run_import_job.time_limit == settings.IMPORT_JOB_TIME_LIMIT
    assert run_import_job.soft_time_limit < run_import_job.time_limit
    assert run_import_job.acks_late is True
