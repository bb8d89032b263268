"""apps.notifications.selectors: the inbox lists a person's open notices, newest first; the
header counts the unread ones among them."""

import datetime as dt

import pytest
from django.utils import timezone

from apps.notifications.models import Notification
from apps.notifications.selectors import notices_of, unread_count

pytestmark = pytest.mark.django_db


def _notice(user, key, **fields):
    return Notification.objects.create(recipient=user, key=key, subject=key, body="", **fields)


def test_notices_of_a_person_only_and_the_resolved_ones_only_when_asked(tree):
    now = timezone.now()
    older = _notice(tree.qb_member, "older")
    newer = _notice(tree.qb_member, "newer", read_at=now)
    done = _notice(tree.qb_member, "done", resolved_at=now)
    _notice(tree.qb_standing, "someone else's")
    Notification.objects.filter(pk=older.pk).update(created_at=now - dt.timedelta(days=1))
    assert list(notices_of(user=tree.qb_member)) == [newer, older]
    everything = list(notices_of(user=tree.qb_member, include_resolved=True))
    assert everything[-1] == older and set(everything) == {older, newer, done}


def test_unread_count_leaves_out_read_resolved_and_other_peoples_notices(tree):
    now = timezone.now()
    assert unread_count(user=tree.qb_member) == 0
    _notice(tree.qb_member, "open")
    _notice(tree.qb_member, "open too")
    _notice(tree.qb_member, "read", read_at=now)
    _notice(tree.qb_member, "resolved", resolved_at=now)
    _notice(tree.qb_standing, "other")
    assert unread_count(user=tree.qb_member) == 2
