"""apps.audit.models: how an event names itself (the admin's lists)."""

import datetime as dt

import pytest

from apps.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_an_event_reads_as_time_verb_and_target():
    event = AuditEvent.objects.create(
        verb="plan.approved", target_type="personnel.personnelplan", target_id="12"
    )
    AuditEvent.objects.filter(pk=event.pk).update(at=dt.datetime(2026, 3, 2, 8, 5, tzinfo=dt.UTC))
    event.refresh_from_db()
    assert str(event) == f"{event.at:%d/%m/%Y %H:%M} plan.approved personnel.personnelplan#12"
    assert "plan.approved personnel.personnelplan#12" in str(event)


def test_the_newest_event_comes_first():
    older = AuditEvent.objects.create(verb="a", target_type="t", target_id="1")
    newer = AuditEvent.objects.create(verb="b", target_type="t", target_id="2")
    AuditEvent.objects.filter(pk=older.pk).update(at=dt.datetime(2020, 1, 1, tzinfo=dt.UTC))
    assert list(AuditEvent.objects.all()) == [newer, older]
