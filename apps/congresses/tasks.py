"""Celery tasks: one line each, calling a service."""

import datetime as dt

from celery import shared_task
from django.db import DatabaseError
from kombu.exceptions import OperationalError as BrokerError

from apps.core.dates import local_today

from .sweep import deadline_sweep


@shared_task(
    acks_late=True,
    autoretry_for=(DatabaseError, BrokerError, ConnectionError),
    retry_backoff=True,
    max_retries=5,
)
def run_deadline_sweep(at: str | None = None) -> int:
    return deadline_sweep(today=dt.date.fromisoformat(at) if at else local_today()).created
