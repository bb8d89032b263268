from celery import shared_task
from django.conf import settings
from django.db import DatabaseError

from .services import job_run


# The time limits need the prefork pool (docker-compose's worker, `make run`): at the soft
# limit the job is marked failed with a message; at the hard one the child is killed. Memory
# comes back after each job: job_run releases it, and CELERY_WORKER_MAX_MEMORY_PER_CHILD
# replaces a child that still holds more than that after a task.
@shared_task(
    acks_late=True,
    autoretry_for=(DatabaseError,),
    retry_backoff=True,
    max_retries=3,
    soft_time_limit=settings.REPORT_JOB_SOFT_TIME_LIMIT,
    time_limit=settings.REPORT_JOB_TIME_LIMIT,
)
def generate_report(job_id: int) -> str:
    return job_run(job_id).status
