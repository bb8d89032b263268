"""Creating notifications idempotently; their e-mails are sent by .delivery (emails_deliver is
imported here for the callers that know it from this module)."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from apps.core.lookups import separated
from apps.core.rows import fetch_rows

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
    wanted = list({(m.key, m.recipient_id): m for m in messages}.values())
    if not wanted:
        return 0
    if connection.vendor == "postgresql":
        created = _insert_unnested(wanted)
    else:
        fresh = [
            wanted[i] for i in unsent([m.key for m in wanted], [m.recipient_id for m in wanted])
        ]
        Notification.objects.bulk_create(
            [
                Notification(
                    recipient_id=m.recipient_id,
                    key=m.key,
                    subject=m.subject,
                    body=m.body,
                    url=m.url,
                    todo=m.todo,
                )
                for m in fresh
            ],
            ignore_conflicts=True,
            batch_size=500,
        )
        created = len(fresh)
    if created:
        transaction.on_commit(queue_email_delivery)
    return created


def unsent(keys: Sequence[str], recipients: Sequence[int]) -> list[int]:
    """The positions i for which (keys[i], recipients[i]) has no notification yet.

    On PostgreSQL the pairs go to the server as two separated strings and only the positions of the
    missing ones come back (an anti-join on the unique (key, recipient) index): a sweep rerun
    checks 14,000 to 35,000 pairs and finds them all, and fetching them back to compare here
    cost more than the check itself. Elsewhere (the SQLite demo) the stored pairs are read.
    """
    if not keys:
        return []
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                f"""
                SELECT p.i - 1
                FROM unnest(string_to_array(%s, E'\\x1f'), string_to_array(%s, ',')::int[])
                     WITH ORDINALITY AS p(key, recipient, i)
                WHERE NOT EXISTS (
                    SELECT 1 FROM {_TABLE} n WHERE n.key = p.key AND n.{_RECIPIENT} = p.recipient
                )
                ORDER BY 1
                """,
                [separated(keys), ",".join(map(str, recipients))],
            )
            return [i for (i,) in cursor.fetchall()]
    stored = set(
        fetch_rows(
            Notification.objects.filter(key__any=set(keys))
            .order_by()
            .values_list("key", "recipient_id")
        )
    )
    return [i for i, pair in enumerate(zip(keys, recipients, strict=True)) if pair not in stored]


_TABLE = Notification._meta.db_table
_RECIPIENT = Notification._meta.get_field("recipient").column


def _insert_unnested(messages: list[Message]) -> int:
    """INSERTs of up to INSERT_BATCH notices each, their columns sent as arrays, returning how
    many were new: bulk_create() builds a model instance and a parameter list per notice, 0.9 s
    of a first sweep's 1.5, and needs the pairs checked first to count what it created. The
    batches keep each statement to a few megabytes (a national first run words 320,000)."""
    created = 0
    with connection.cursor() as cursor:
        for start in range(0, len(messages), INSERT_BATCH):
            batch = messages[start : start + INSERT_BATCH]
            cursor.execute(
                f"""
                INSERT INTO {_TABLE} ({_RECIPIENT}, key, subject, body, url, todo, created_at)
                SELECT r, k, s, b, u, t, %s
                FROM unnest(%s::int[], %s::text[], %s::text[], %s::text[], %s::text[], %s::text[])
                     AS m(r, k, s, b, u, t)
                ON CONFLICT DO NOTHING
                RETURNING 1
                """,
                [
                    timezone.now(),
                    [m.recipient_id for m in batch],
                    [m.key for m in batch],
                    [m.subject for m in batch],
                    [m.body for m in batch],
                    [m.url for m in batch],
                    [m.todo for m in batch],
                ],
            )
            created += len(cursor.fetchall())
    return created


INSERT_BATCH = 5000


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
    return Notification.objects.filter(todo__in=wanted, resolved_at__isnull=True).update(
        resolved_at=timezone.now()
    )


def notification_mark_read(*, user: Any, notification_id: int | None = None) -> int:
    """Mark one (or all) of the user's notifications read; other people's are never touched."""
    qs = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if notification_id is not None:
        qs = qs.filter(pk=notification_id)
    return qs.update(read_at=timezone.now())
