from celery import shared_task
from django.db import DatabaseError

from .delivery import emails_deliver


@shared_task(
    acks_late=True,
    autoretry_for=(DatabaseError, ConnectionError, OSError),
    retry_backoff=True,
    max_retries=5,
)
def deliver_emails() -> int:
    return emails_deliver()
