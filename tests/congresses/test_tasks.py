"""The sweep through a real Celery worker on the real Redis broker; broker outages."""

import datetime as dt
import logging

import pytest
from django.db.models import Count

from apps.congresses.tasks import run_deadline_sweep
from apps.notifications.models import Notification
from apps.notifications.services import queue_email_delivery
from tests.celery_worker import running_worker
from tests.factories import CongressFactory

D = dt.date


@pytest.mark.celery_worker
@pytest.mark.postgresql  # the worker is another process: SQLite's test database is in memory
@pytest.mark.django_db(transaction=True)
def test_sweep_in_a_real_worker_twice_and_concurrently_never_duplicates(tree):
    for org in (tree.qb, tree.ptm, tree.ankt, tree.ht):
        CongressFactory(organization=org, opening_date=D(2020, 6, 30))
    with running_worker(concurrency=2):
        first = run_deadline_sweep.delay("2020-06-01").get(timeout=60)
        second = run_deadline_sweep.delay("2020-06-01").get(timeout=60)
        # two workers at once on the next day
        a = run_deadline_sweep.delay("2020-06-02")
        b = run_deadline_sweep.delay("2020-06-02")
        both = a.get(timeout=60) + b.get(timeout=60)
    assert first > 0
    assert second == 0
    total = Notification.objects.count()
    assert total == first + both
    dupes = Notification.objects.values("key", "recipient").annotate(n=Count("id")).filter(n__gt=1)
    assert list(dupes) == []


@pytest.mark.django_db
def test_broker_down_is_logged_not_raised(tree, client, caplog, monkeypatch):
    from congress_portal.celery import app

    # Celery reads CELERY_BROKER_URL from the environment before its configuration, so the
    # variable the README documents would otherwise win over the unreachable URL set here.
    monkeypatch.setenv("CELERY_BROKER_URL", "redis://127.0.0.1:1/15")  # nothing listens there
    original = app.conf.broker_url
    app.conf.broker_url = "redis://127.0.0.1:1/15"
    _reset_pool(app)
    try:
        with caplog.at_level(logging.WARNING):
            queue_email_delivery()  # what on_commit runs after notifications are created
        assert "could not queue e-mail delivery" in caplog.text
        client.force_login(tree.qb_secretary)
        congress = CongressFactory(organization=tree.qb)
        assert client.get(f"/congresses/{congress.pk}/").status_code == 200
        assert client.get("/congresses/org/QB/").status_code == 200
    finally:
        app.conf.broker_url = original
        _reset_pool(app)


def _reset_pool(app) -> None:
    """Drop pooled broker connections so the next publish connects to the configured URL."""
    app._pool = None
    app.amqp._producer_pool = None
