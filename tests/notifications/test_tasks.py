"""apps.notifications.tasks: the worker's task sends the pending e-mails and says how many."""

import pytest
from django.core import mail

from apps.notifications.models import EmailStatus, Notification
from apps.notifications.tasks import deliver_emails

pytestmark = pytest.mark.django_db


def test_the_task_sends_the_pending_e_mails_once(tree, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.SITE_URL = "https://portal.example"
    Notification.objects.create(
        recipient=tree.qb_member, key="k", subject="Nhắc việc", body="Nội dung", url="/org/"
    )
    assert deliver_emails.apply().get() == 1
    assert [(m.subject, m.to) for m in mail.outbox] == [("Nhắc việc", [tree.qb_member.email])]
    assert mail.outbox[0].body == "Nội dung\n\nhttps://portal.example/org/"
    assert Notification.objects.get().email_status == EmailStatus.SENT
    assert deliver_emails.apply().get() == 0  # nothing sent twice
    assert len(mail.outbox) == 1


def test_the_task_retries_on_database_and_connection_errors():
    """A worker that lost the database or the broker tries again later rather than dropping
    the run (the e-mails stay pending meanwhile)."""
    assert set(deliver_emails.autoretry_for) >= {ConnectionError, OSError}
    assert deliver_emails.max_retries == 5 and deliver_emails.acks_late
