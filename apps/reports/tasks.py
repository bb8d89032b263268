from celery import shared_task
from django.db import DatabaseError

from .services import job_run


@shared_task(acks_late=True, autoretry_for=(DatabaseError,), retry_backoff=True, max_retries=3)
def generate_report(job_id: int) -> str:
    return job_run(job_id).status
