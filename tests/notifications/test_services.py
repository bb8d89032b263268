"""Creating notices idempotently: one path on PostgreSQL and SQLite (apps.core.sql: an anti-join
on the pairs, INSERT … ON CONFLICT DO NOTHING RETURNING). CI runs this module on both databases
(`make test` and `make test-sqlite`), so the SQL meets each real database."""

import pytest

from apps.notifications.models import Notification
from apps.notifications.services import Message, notifications_create, unsent
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_unsent_gives_the_positions_of_the_missing_pairs():
    a, b = UserFactory(), UserFactory()
    Notification.objects.create(recipient=a, key="k:1", subject="s", body="b")
    Notification.objects.create(recipient=b, key="k:2", subject="s", body="b")
    keys = ["k:1", "k:1", "k:2", "k:3"]
    pairs = list(zip(keys, [a.pk, b.pk, b.pk, a.pk], strict=True))
    assert unsent(pairs) == [1, 3]
    assert unsent([]) == []


def test_create_counts_only_new_notices_and_queues_mail_once(django_capture_on_commit_callbacks):
    a, b = UserFactory(), UserFactory()
    batch = [
        Message(a.pk, "congress:1:R30:reminder:2026-01-01", "Nhắc việc", "Nội dung", "/c/1/"),
        Message(b.pk, "congress:1:R30:reminder:2026-01-01", "Nhắc việc", "Nội dung", "/c/1/"),
        Message(a.pk, "congress:1:R30:reminder:2026-01-01", "Nhắc việc", "Nội dung", "/c/1/"),
    ]
    with django_capture_on_commit_callbacks() as callbacks:
        assert notifications_create(batch) == 2  # the repeated pair counts once
    assert len(callbacks) == 1
    with django_capture_on_commit_callbacks() as callbacks:
        assert notifications_create(batch) == 0
    assert callbacks == []
    stored = Notification.objects.get(recipient=b)
    assert (stored.subject, stored.body, stored.url) == ("Nhắc việc", "Nội dung", "/c/1/")
    assert stored.created_at is not None and stored.emailed_at is None


def test_a_key_with_quotes_and_separators_is_stored_and_found_as_is():
    a = UserFactory()
    odd = "k:'; DROP TABLE x; --,\"%s"
    assert notifications_create([Message(a.pk, odd, "s", "b")]) == 1
    assert Notification.objects.get().key == odd
    assert unsent([(odd, a.pk), (odd + "!", a.pk)]) == [1]


@pytest.mark.postgresql  # only PostgreSQL's AnyOf joins the keys with a separator
def test_a_key_holding_the_separator_is_refused_and_nothing_is_saved():
    a = UserFactory()
    with pytest.raises(ValueError, match="separator"):
        unsent([("bad\x1fkey", a.pk)])
    assert not Notification.objects.exists()


def test_a_batch_larger_than_one_insert_is_written_whole(monkeypatch):
    from apps.core import sql

    monkeypatch.setattr(sql, "INSERT_BATCH", 2)
    a = UserFactory()
    batch = [Message(a.pk, f"k:{i}", "s", "b") for i in range(5)]
    assert notifications_create(batch) == 5
    assert sorted(Notification.objects.values_list("key", flat=True)) == [
        f"k:{i}" for i in range(5)
    ]
