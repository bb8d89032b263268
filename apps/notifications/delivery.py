"""Sending the notices' e-mails: each message claimed, sent and marked on its own.

A batch sent inside one transaction and marked at the end resent everything already sent when a
worker was killed halfway, and one address refused with 550 rolled the whole batch back again
and again (issue 17 item 5). Here, per message:

1. claim: one short transaction takes the next due PENDING row (``FOR UPDATE SKIP LOCKED``, so
   two workers never take the same row) and stamps ``email_claimed_at``; it commits before the
   mail server is contacted;
2. send the one message;
3. mark: SENT; or FAILED for a permanent refusal (an SMTP 5xx for the recipient or the
   message: never retried); or back to PENDING with ``email_retry_at`` pushed out by a growing
   delay for a transient failure (4xx, connection refused, timeout), FAILED after MAX_ATTEMPTS.

A claim older than CLAIM_STALE_AFTER belongs to a sender that died between 1 and 3: the message
may or may not have left, so it is marked UNCERTAIN and not resent. A lost e-mail is the lesser
harm here: the notice itself is in the recipient's inbox in the portal either way.
"""

from __future__ import annotations

import datetime as dt
import logging
import smtplib
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.utils import timezone

from .models import EmailStatus, Notification

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 8
FIRST_RETRY = dt.timedelta(minutes=1)
LONGEST_RETRY = dt.timedelta(hours=6)
CLAIM_STALE_AFTER = dt.timedelta(minutes=10)


@dataclass(frozen=True)
class SendFailure:
    permanent: bool
    error: str


def classify(exc: Exception) -> SendFailure:
    """Permanent: the server refused this recipient or this message with a 5xx (550 no such
    mailbox, 554 rejected), or the message cannot be built. Anything else — 4xx, the server
    unreachable or dropping the line, authentication or sender trouble that an operator fixes —
    is transient and retried later."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _msg in exc.recipients.values()]
        detail = "; ".join(
            f"{addr}: {code} {msg.decode(errors='replace') if isinstance(msg, bytes) else msg}"
            for addr, (code, msg) in exc.recipients.items()
        )
        return SendFailure(bool(codes) and all(500 <= c < 600 for c in codes), detail)
    if isinstance(exc, smtplib.SMTPDataError):
        msg = exc.smtp_error.decode(errors="replace") if isinstance(exc.smtp_error, bytes) else ""
        return SendFailure(500 <= exc.smtp_code < 600, f"{exc.smtp_code} {msg}")
    if isinstance(exc, ValueError):  # a bad header or address: sending again will not help
        return SendFailure(True, str(exc))
    return SendFailure(False, f"{type(exc).__name__}: {exc}")


def retry_delay(attempts: int) -> dt.timedelta:
    """1, 2, 4, 8 … minutes after the 1st, 2nd, 3rd … failed try, at most 6 hours."""
    return min(FIRST_RETRY * 2 ** max(attempts - 1, 0), LONGEST_RETRY)


def _due(now: dt.datetime):
    return Notification.objects.filter(
        email_status=EmailStatus.PENDING,
        emailed_at__isnull=True,
        email_claimed_at__isnull=True,
    ).exclude(email_retry_at__gt=now)


def _claim_next() -> Notification | None:
    with transaction.atomic():
        note = (
            _due(timezone.now())
            .select_for_update(skip_locked=True, of=("self",))
            .select_related("recipient")
            .order_by("id")
            .first()
        )
        if note is None:
            return None
        note.email_claimed_at = timezone.now()
        note.email_attempts += 1
        note.save(update_fields=["email_claimed_at", "email_attempts"])
    return note


def _settle(note: Notification, status: str, error: str = "") -> None:
    Notification.objects.filter(pk=note.pk).update(
        email_status=status,
        emailed_at=timezone.now(),
        email_claimed_at=None,
        email_retry_at=None,
        email_error=error[:300],
    )


def _release_for_retry(note: Notification, error: str) -> None:
    if note.email_attempts >= MAX_ATTEMPTS:
        _settle(note, EmailStatus.FAILED, f"{MAX_ATTEMPTS} lần thử: {error}")
        return
    Notification.objects.filter(pk=note.pk).update(
        email_claimed_at=None,
        email_retry_at=timezone.now() + retry_delay(note.email_attempts),
        email_error=error[:300],
    )


def abandoned_claims_settle() -> int:
    """Claims of senders that died mid-send: UNCERTAIN, never resent (see the module doc)."""
    stale = Notification.objects.filter(
        email_status=EmailStatus.PENDING,
        email_claimed_at__lt=timezone.now() - CLAIM_STALE_AFTER,
    )
    count = stale.update(
        email_status=EmailStatus.UNCERTAIN,
        emailed_at=timezone.now(),
        email_claimed_at=None,
        email_error="Tiến trình gửi dừng giữa chừng; không gửi lại để tránh trùng thư.",
    )
    if count:
        log.warning("%d e-mail(s) left mid-send by a stopped worker; not resent", count)
    return count


def emails_deliver(*, limit: int = 500) -> int:
    """Send up to `limit` due e-mails, one claim, send and mark each; returns how many were
    sent. Safe to run in several workers at once and to kill at any moment."""
    abandoned_claims_settle()
    sent = 0
    connection = get_connection()
    try:
        for _ in range(limit):
            note = _claim_next()
            if note is None:
                break
            if not note.recipient.email or note.resolved_at is not None:
                _settle(note, EmailStatus.SKIPPED)  # no address, or nothing left to ask
                continue
            link = f"{settings.SITE_URL}{note.url}" if note.url else ""
            message = EmailMessage(
                note.subject,
                f"{note.body}\n\n{link}".strip(),
                settings.DEFAULT_FROM_EMAIL,
                [note.recipient.email],
                connection=connection,
            )
            try:
                message.send()
            except Exception as exc:  # every failure is recorded on its own row
                failure = classify(exc)
                log.warning(
                    "e-mail for notification %s %s: %s",
                    note.pk,
                    "refused for good" if failure.permanent else "will be retried",
                    failure.error,
                )
                if failure.permanent:
                    _settle(note, EmailStatus.FAILED, failure.error)
                else:
                    _release_for_retry(note, failure.error)
                    connection.close()  # a broken line is opened afresh for the next one
                continue
            _settle(note, EmailStatus.SENT)
            sent += 1
    finally:
        connection.close()
    return sent
