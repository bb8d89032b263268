"""apps/organizations/membership_counts.py as the delegate work uses it: a unit's count with its
history, and who may set it. (Its mirror belongs in tests/organizations/, another helper's
folder; kept here until it moves.)"""

from __future__ import annotations

import datetime as dt

import pytest

from apps.audit.models import AuditEvent
from apps.core.errors import DomainError, PermissionDenied
from apps.organizations.membership_counts import membership_count_set
from tests.delegates.province import TODAY

pytestmark = pytest.mark.django_db


def test_membership_count_with_history_and_permission(small):
    unit = small.units[0]
    count = membership_count_set(
        actor=small.officer, organization=unit, as_of=TODAY, official=40, probationary=2
    )
    membership_count_set(
        actor=small.unit_secretaries[0], organization=unit, as_of=TODAY, official=41
    )
    count.refresh_from_db()
    assert (count.official, count.probationary) == (41, 0)
    assert count.history.count() == 2  # the earlier figure is kept
    assert AuditEvent.objects.filter(verb="membership_count.set").count() == 2
    for outsider in (small.member, small.unit_secretaries[1]):
        with pytest.raises(PermissionDenied):
            membership_count_set(actor=outsider, organization=unit, as_of=TODAY, official=1)
    with pytest.raises(DomainError, match="sau ngày hôm nay"):
        membership_count_set(
            actor=small.officer, organization=unit, as_of=dt.date(2999, 1, 1), official=1
        )
    count.refresh_from_db()
    assert count.official == 41
