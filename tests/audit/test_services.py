"""apps.audit.services: one row per action, with facts stored as JSON a reader can use later."""

import datetime as dt

import pytest
from django.contrib.auth.models import AnonymousUser

from apps.audit.models import AuditEvent
from apps.audit.services import audit_record

pytestmark = pytest.mark.django_db


def test_a_record_names_actor_verb_target_organisation_and_facts(tree):
    event = audit_record(
        actor=tree.qb_secretary,
        verb="congress.schedule",
        target=tree.ptm,
        organization=tree.qb,
        opening_date=dt.date(2026, 5, 20),
        at=dt.datetime(2026, 5, 1, 8, 30, tzinfo=dt.UTC),
        supervisor=tree.qb_standing,
        seats=5,
        names=["A", "B"],
    )
    stored = AuditEvent.objects.get()
    assert stored == event
    assert (stored.actor, stored.verb, stored.organization) == (
        tree.qb_secretary,
        "congress.schedule",
        tree.qb,
    )
    assert (stored.target_type, stored.target_id) == (
        "organizations.organization",
        str(tree.ptm.pk),
    )
    assert stored.data == {
        "opening_date": "2026-05-20",
        "at": "2026-05-01T08:30:00+00:00",
        "supervisor": str(tree.qb_standing.pk),
        "seats": 5,
        "names": ["A", "B"],
    }


@pytest.mark.parametrize("actor", [None, AnonymousUser()], ids=["none", "anonymous"])
def test_an_action_without_a_signed_in_actor_is_recorded_with_no_actor(tree, actor):
    """A command or a scheduled task acts as nobody; the row is written all the same."""
    audit_record(actor=actor, verb="twofactor.reset", target=tree.qb_member)
    event = AuditEvent.objects.get()
    assert event.actor is None and event.organization is None and event.data == {}
