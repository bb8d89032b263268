"""apps.notifications.views: the inbox, opening a notice, marking read; one's own only.

(Opening a notice and the inbox's resolved filter are also exercised by
tests/congresses/test_handoffs.py, through the hand-offs that write them.)"""

import datetime as dt

import pytest
from django.utils import timezone

from apps.notifications.models import Notification

pytestmark = pytest.mark.django_db


def _notice(user, key, **fields):
    return Notification.objects.create(
        recipient=user, key=key, subject=f"Tiêu đề {key}", body="", **fields
    )


def test_the_inbox_pages_fifty_at_a_time(client, tree):
    for i in range(51):
        _notice(tree.qb_member, f"n{i:02d}")
    client.force_login(tree.qb_member)
    first = client.get("/notifications/")
    assert len(first.context["page"].object_list) == 50
    second = client.get("/notifications/", {"page": 2})
    assert [n.key for n in second.context["page"].object_list] == ["n00"]
    assert client.get("/notifications/", {"page": "x"}).context["page"].number == 1


def test_a_notice_without_a_link_opens_the_inbox_and_is_read(client, tree):
    note = _notice(tree.qb_member, "plain")
    client.force_login(tree.qb_member)
    response = client.get(f"/notifications/{note.pk}/")
    assert response.status_code == 302 and response["Location"] == "/notifications/"
    note.refresh_from_db()
    assert note.read_at is not None


def test_mark_read_one_then_all_and_never_someone_elses(client, tree):
    first = _notice(tree.qb_member, "a")
    second = _notice(tree.qb_member, "b")
    theirs = _notice(tree.qb_standing, "c")
    client.force_login(tree.qb_member)
    assert client.get("/notifications/read/").status_code == 405  # a change needs a POST
    response = client.post("/notifications/read/", {"id": str(first.pk)})
    assert response.status_code == 302 and response["Location"] == "/notifications/"
    assert Notification.objects.get(pk=first.pk).read_at is not None
    assert Notification.objects.get(pk=second.pk).read_at is None
    client.post("/notifications/read/", {"id": str(theirs.pk)})  # another's id: nothing
    assert Notification.objects.get(pk=theirs.pk).read_at is None
    client.post("/notifications/read/", {"id": "not-a-number"})  # malformed: read all of mine
    assert Notification.objects.get(pk=second.pk).read_at is not None
    assert Notification.objects.get(pk=theirs.pk).read_at is None


def test_a_read_notice_keeps_its_first_reading_time(client, tree):
    earlier = timezone.now() - dt.timedelta(days=2)
    note = _notice(tree.qb_member, "read", read_at=earlier)
    client.force_login(tree.qb_member)
    client.get(f"/notifications/{note.pk}/")
    note.refresh_from_db()
    assert note.read_at == earlier


def test_the_inbox_asks_a_visitor_to_sign_in(client):
    response = client.get("/notifications/")
    assert response.status_code == 302 and response["Location"].startswith("/login/")


def test_mark_all_read_is_offered_only_while_something_is_unread(client, tree):
    client.force_login(tree.qb_member)
    assert "Đánh dấu tất cả đã đọc" not in client.get("/notifications/").content.decode()
    note = _notice(tree.qb_member, "unread")
    assert "Đánh dấu tất cả đã đọc" in client.get("/notifications/").content.decode()
    client.post("/notifications/read/", {"id": str(note.pk)})
    page = client.get("/notifications/").content.decode()
    assert "Đánh dấu tất cả đã đọc" not in page and "Tiêu đề unread" in page  # still listed
