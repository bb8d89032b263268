"""Issue 17 item 5: each e-mail claimed, sent and marked on its own. A 550 for one address does
not resend the others; a transient refusal backs off; a delivery process killed mid-batch sends
nothing twice when it runs again."""

import datetime as dt
import os
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest
from django.db import connection
from django.utils import timezone

from apps.notifications.delivery import MAX_ATTEMPTS, emails_deliver, retry_delay
from apps.notifications.models import EmailStatus, Notification
from tests.factories import UserFactory
from tests.smtp_server import SMTPServer

ROOT = Path(__file__).resolve().parents[2]


def _notices(n: int, prefix: str = "u") -> list[Notification]:
    users = [UserFactory(email=f"{prefix}{i}@example.invalid") for i in range(n)]
    return [
        Notification.objects.create(
            recipient=u, key=f"test:{i}", subject="Nhắc việc", body=f"Nội dung {i}"
        )
        for i, u in enumerate(users)
    ]


@pytest.fixture
def smtp(settings):
    with SMTPServer() as server:
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST = "127.0.0.1"
        settings.EMAIL_PORT = server.port
        settings.EMAIL_TIMEOUT = 5
        yield server


def _state(note: Notification) -> tuple:
    note.refresh_from_db()
    return note.email_status, note.email_attempts, note.emailed_at is not None


@pytest.mark.django_db
def test_a_550_for_one_address_is_recorded_and_the_others_are_sent_once(smtp):
    notes = _notices(12)
    refused = notes[4].recipient.email
    smtp.mailbox.refuse[refused] = f"550 5.1.1 <{refused}>: mailbox unavailable"
    assert emails_deliver() == 11
    for _ in range(5):  # the periodic task runs again and again: nothing more is sent
        assert emails_deliver() == 0
    assert Counter(smtp.mailbox.delivered) == {
        n.recipient.email: 1 for n in notes if n.recipient.email != refused
    }
    bad = notes[4]
    assert _state(bad) == (EmailStatus.FAILED, 1, True)
    assert "550" in bad.email_error and refused in bad.email_error
    assert all(_state(n) == (EmailStatus.SENT, 1, True) for n in notes if n is not bad)


@pytest.mark.django_db
def test_a_transient_refusal_backs_off_then_is_sent(smtp):
    (note,) = _notices(1)
    address = note.recipient.email
    smtp.mailbox.refuse[address] = "451 4.3.0 try again later"
    before = timezone.now()
    assert emails_deliver() == 0
    note.refresh_from_db()
    assert (note.email_status, note.email_attempts, note.emailed_at) == (
        EmailStatus.PENDING,
        1,
        None,
    )
    assert "451" in note.email_error
    assert note.email_retry_at >= before + retry_delay(1) - dt.timedelta(seconds=1)
    assert emails_deliver() == 0  # not before its retry time
    assert note.email_attempts == Notification.objects.get(pk=note.pk).email_attempts
    # the retry time passes; the server still refuses: the delay doubles
    Notification.objects.filter(pk=note.pk).update(email_retry_at=timezone.now())
    assert emails_deliver() == 0
    note.refresh_from_db()
    assert note.email_attempts == 2 and note.email_retry_at > timezone.now() + dt.timedelta(
        seconds=110
    )
    # the server recovers
    del smtp.mailbox.refuse[address]
    Notification.objects.filter(pk=note.pk).update(email_retry_at=timezone.now())
    assert emails_deliver() == 1
    assert _state(note) == (EmailStatus.SENT, 3, True)
    assert smtp.mailbox.delivered == [address]


@pytest.mark.django_db
def test_an_unreachable_server_is_transient_and_gives_up_after_max_attempts(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 1, 2
    (note,) = _notices(1)
    for attempt in range(1, MAX_ATTEMPTS + 1):
        Notification.objects.filter(pk=note.pk).update(email_retry_at=None)
        assert emails_deliver() == 0
        note.refresh_from_db()
        assert note.email_attempts == attempt
    assert note.email_status == EmailStatus.FAILED and note.emailed_at is not None
    assert retry_delay(1) == dt.timedelta(minutes=1) and retry_delay(30) == dt.timedelta(hours=6)


DELIVER = """
import django
django.setup()
from django.conf import settings
settings.EMAIL_BACKEND = "tests.mail_backends.RecordingBackend"
from apps.notifications.delivery import emails_deliver
emails_deliver()
"""


@pytest.mark.postgresql  # the killed process reads the test database
@pytest.mark.django_db(transaction=True)
def test_a_process_killed_mid_batch_sends_nothing_twice_after_restart(
    tmp_path, settings, monkeypatch
):
    notes = _notices(40)
    record = tmp_path / "sent.txt"
    record.touch()
    db = connection.settings_dict
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "congress_portal.settings.test",
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        "EMAIL_RECORD_FILE": str(record),
        "EMAIL_SEND_DELAY": "0.05",
    }
    proc = subprocess.Popen([sys.executable, "-c", DELIVER], cwd=ROOT, env=env)
    deadline = time.monotonic() + 60
    while len(record.read_text().splitlines()) < 15:
        assert time.monotonic() < deadline and proc.poll() is None
        time.sleep(0.01)
    proc.send_signal(signal.SIGKILL)  # mid-batch, maybe mid-message
    proc.wait()
    before_restart = record.read_text().splitlines()
    assert 15 <= len(before_restart) < 40

    monkeypatch.setenv("EMAIL_RECORD_FILE", str(record))
    settings.EMAIL_BACKEND = "tests.mail_backends.RecordingBackend"
    emails_deliver()  # the restart
    # ten minutes on, the claim the killed process left is settled, not resent
    Notification.objects.filter(email_claimed_at__isnull=False).update(
        email_claimed_at=timezone.now() - dt.timedelta(minutes=11)
    )
    emails_deliver()
    sent = record.read_text().splitlines()
    assert max(Counter(sent).values()) == 1, "an e-mail was sent twice"
    statuses = Counter(Notification.objects.values_list("email_status", flat=True))
    assert statuses[EmailStatus.SENT] + statuses[EmailStatus.UNCERTAIN] == 40
    assert statuses[EmailStatus.UNCERTAIN] <= 1  # at most the one in flight at the kill
    sent_rows = set(
        Notification.objects.filter(email_status=EmailStatus.SENT).values_list(
            "recipient__email", flat=True
        )
    )
    assert sent_rows <= set(sent)
    assert set(sent) <= {n.recipient.email for n in notes}
