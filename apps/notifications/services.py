"""Creating notifications idempotently and sending their e-mails exactly once where possible."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from apps.core.rows import fetch_rows

from .models import Notification

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Message:
    recipient_id: int
    key: str
    subject: str
    body: str
    url: str = ""


def notifications_create(messages: Iterable[Message]) -> int:
    """Insert the messages that do not exist yet; returns how many were new.

    Existing (key, recipient) pairs are skipped by the database (ON CONFLICT DO NOTHING), so two
    sweeps at once cannot both create one. E-mail is queued after commit, never before.
    """
    wanted = {(m.key, m.recipient_id): m for m in messages}
    if not wanted:
        return 0
    keys = {key for key, _ in wanted}
    existing = set(
        fetch_rows(
            Notification.objects.filter(key__any=keys).order_by().values_list("key", "recipient_id")
        )
    )
    fresh = [m for pair, m in wanted.items() if pair not in existing]
    Notification.objects.bulk_create(
        [
            Notification(
                recipient_id=m.recipient_id, key=m.key, subject=m.subject, body=m.body, url=m.url
            )
            for m in fresh
        ],
        ignore_conflicts=True,
        batch_size=1000,
    )
    if fresh:
        transaction.on_commit(queue_email_delivery)
    return len(fresh)


def queue_email_delivery() -> None:
    """Ask a worker to send pending e-mails; if the broker is down, the next sweep catches up."""
    from .tasks import deliver_emails

    try:
        deliver_emails.delay()
    except Exception:  # the broker is down: log, never fail the user's request
        log.warning(
            "could not queue e-mail delivery; pending e-mails wait for the next run", exc_info=True
        )


def emails_deliver(*, limit: int = 500) -> int:
    """Send e-mails for notifications not yet e-mailed; each row is claimed under a lock.

    `skip_locked` lets two workers share the work without sending the same message twice;
    the mark and the send are in one transaction, so a failed send is retried later.
    """
    sent = 0
    with transaction.atomic():
        batch = list(
            Notification.objects.select_for_update(skip_locked=True)
            .filter(emailed_at__isnull=True)
            .select_related("recipient")
            .order_by("id")[:limit]
        )
        now = timezone.now()
        for note in batch:
            if note.recipient.email:
                link = f"{settings.SITE_URL}{note.url}" if note.url else ""
                send_mail(
                    note.subject,
                    f"{note.body}\n\n{link}".strip(),
                    settings.DEFAULT_FROM_EMAIL,
                    [note.recipient.email],
                )
                sent += 1
            note.emailed_at = now
        Notification.objects.bulk_update(batch, ["emailed_at"])
    return sent


def notification_mark_read(*, user: Any, notification_id: int | None = None) -> int:
    """Mark one (or all) of the user's notifications read; other people's are never touched."""
    qs = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if notification_id is not None:
        qs = qs.filter(pk=notification_id)
    return qs.update(read_at=timezone.now())
