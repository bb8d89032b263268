from celery import shared_task
from django.conf import settings

from .import_jobs import import_job_run


# Time limits need the prefork pool; the write is one transaction, so a job stopped at the
# limit leaves nothing written.
@shared_task(
    acks_late=True,
    soft_time_limit=settings.IMPORT_JOB_SOFT_TIME_LIMIT,
    time_limit=settings.IMPORT_JOB_TIME_LIMIT,
)
def run_import_job(job_id: int) -> str:
    return import_job_run(job_id).status
