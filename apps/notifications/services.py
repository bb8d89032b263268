"""Creating notifications idempotently; their e-mails are sent by .delivery (emails_deliver is
imported here for the callers that know it from this module)."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from apps.core.sql import insert_new, missing_pairs

from .delivery import emails_deliver as emails_deliver
from .models import Notification

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Message:
    """One notice to write: `todo` names the action it asks for (see Notification.todo)."""

    recipient_id: int
    key: str
    subject: str
    body: str
    url: str = ""
    todo: str = ""


def notifications_create(messages: Iterable[Message]) -> int:
    """Insert the messages that do not exist yet; returns how many were new.

    Existing (key, recipient) pairs are skipped by the database (ON CONFLICT DO NOTHING), so two
    sweeps at once cannot both create one. E-mail is queued after commit, never before.
    """
    wanted = {(m.key, m.recipient_id): m for m in messages}.values()
    created = insert_new(
        Notification,
        ("recipient", "key", "subject", "body", "url", "todo"),
        [(m.recipient_id, m.key, m.subject, m.body, m.url, m.todo) for m in wanted],
        same={"created_at": timezone.now()},
    )
    if created:
        transaction.on_commit(queue_email_delivery)
    return created


def unsent(pairs: Sequence[tuple[str, int]]) -> list[int]:
    """The positions i for which pairs[i], a (key, recipient id), has no notification yet.

    Answered by the database (an anti-join on the unique (key, recipient) index): a sweep rerun
    checks 14,000 to 35,000 pairs and finds them all, and fetching them back to compare here
    cost more than the check itself."""
    return missing_pairs(Notification, ("key", "recipient"), pairs)


def queue_email_delivery() -> None:
    """Ask a worker to send pending e-mails; if the broker is down, the next sweep catches up."""
    from .tasks import deliver_emails

    try:
        deliver_emails.delay()
    except Exception:  # the broker is down: log, never fail the user's request
        log.warning(
            "could not queue e-mail delivery; pending e-mails wait for the next run", exc_info=True
        )


def notifications_after_commit(messages: Iterable[Message]) -> None:
    """Write the notices of a hand-off once its transaction has committed: a refused or
    rolled-back action tells nobody anything, and the e-mails follow the notices."""
    batch = list(messages)
    if batch:
        transaction.on_commit(lambda: notifications_create(batch))


def notifications_resolve(*todos: str) -> int:
    """The actions named are done: every open notice asking for one of them is resolved (it
    leaves the list of things to do and the unread count). Runs in the action's transaction."""
    wanted = [t for t in todos if t]
    if not wanted:
        return 0
    # The notice asking for an action is written after its transaction commits; when the asking
    # and the doing share one transaction (the demo's story, an import), that notice does not
    # exist yet here. Resolving again after the commit, behind the callbacks that write it,
    # leaves nothing asked that was done.
    transaction.on_commit(lambda: _resolve_open(wanted))
    return _resolve_open(wanted)


def _resolve_open(todos: list[str]) -> int:
    return Notification.objects.filter(todo__in=todos, resolved_at__isnull=True).update(
        resolved_at=timezone.now()
    )


def notification_mark_read(*, user: Any, notification_id: int | None = None) -> int:
    """Mark one (or all) of the user's notifications read; other people's are never touched."""
    qs = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if notification_id is not None:
        qs = qs.filter(pk=notification_id)
    return qs.update(read_at=timezone.now())
