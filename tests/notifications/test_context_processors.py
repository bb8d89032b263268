"""apps.notifications.context_processors: the header's unread count, only for a person fully
signed in, counted only if the page shows it."""

from types import SimpleNamespace

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test.utils import CaptureQueriesContext

from apps.notifications.context_processors import unread_notifications
from apps.notifications.models import Notification

pytestmark = pytest.mark.django_db


def test_nothing_for_a_visitor_or_a_request_without_a_user():
    assert unread_notifications(SimpleNamespace(user=AnonymousUser())) == {}
    assert unread_notifications(SimpleNamespace()) == {}


def test_nothing_while_the_second_factor_is_pending(tree):
    Notification.objects.create(recipient=tree.qb_member, key="k", subject="Bí mật", body="")
    request = SimpleNamespace(user=tree.qb_member, second_factor_pending=True)
    assert unread_notifications(request) == {}


def test_the_count_is_lazy_and_counts_the_unread(tree):
    Notification.objects.create(recipient=tree.qb_member, key="a", subject="a", body="")
    Notification.objects.create(recipient=tree.qb_member, key="b", subject="b", body="")
    with CaptureQueriesContext(connection) as queries:
        context = unread_notifications(SimpleNamespace(user=tree.qb_member))
    assert len(queries) == 0  # nothing asked until a template calls it
    assert context["unread_notifications"]() == 2
