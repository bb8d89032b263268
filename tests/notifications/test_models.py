"""apps.notifications.models: one notice per (key, recipient), enforced by the database, and the
defaults the bulk SQL insert relies on."""

import pytest
from django.db import IntegrityError, transaction

from apps.notifications.models import EmailStatus, Notification

pytestmark = pytest.mark.django_db


def test_a_second_notice_with_the_same_key_for_the_same_person_is_refused(tree):
    Notification.objects.create(
        recipient=tree.qb_member, key="congress:1:R30", subject="a", body=""
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        Notification.objects.create(
            recipient=tree.qb_member, key="congress:1:R30", subject="b", body=""
        )
    # the same key for someone else is another notice
    Notification.objects.create(
        recipient=tree.qb_standing, key="congress:1:R30", subject="c", body=""
    )
    assert sorted(Notification.objects.values_list("subject", flat=True)) == ["a", "c"]


def test_a_new_notice_waits_for_its_e_mail_and_is_named_by_its_subject(tree):
    note = Notification.objects.create(
        recipient=tree.qb_member, key="k", subject="Nhắc việc", body=""
    )
    note.refresh_from_db()  # the database's defaults
    assert note.email_status == EmailStatus.PENDING
    assert (note.email_attempts, note.email_error, note.todo) == (0, "", "")
    assert note.read_at is None and note.resolved_at is None and note.emailed_at is None
    assert str(note) == "Nhắc việc"
