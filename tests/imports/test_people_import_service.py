"""The people import gives roles through the membership service's rule and bulk path: the same
refusal as the form, one audit row per role, and queries that do not grow with the rows."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from apps.audit.models import AuditEvent
from apps.core.dates import local_today
from apps.core.errors import DomainError
from apps.organizations.importing import import_people
from apps.organizations.models import Membership, Role
from apps.organizations.services import membership_add
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
HEADER = "username,full_name,email,organization_code,role,start_date,end_date\n"


def people_csv(rows: list[str]) -> bytes:
    return (HEADER + "\n".join(rows) + "\n").encode()


def test_a_role_held_open_is_refused_as_the_form_refuses_it(tree):
    held = UserFactory(username="dv.giu")
    membership_add(
        actor=tree.qb_officer,
        user=held,
        organization=tree.ptm,
        role=Role.MEMBER,
        start_date=local_today().replace(day=1),
    )
    with pytest.raises(DomainError) as refused:  # the form's answer
        membership_add(actor=tree.qb_officer, user=held, organization=tree.ptm, role=Role.MEMBER)
    before = (Membership.objects.count(), AuditEvent.objects.count())
    result = import_people(
        people_csv([f"dv.giu,,,QB-PTM,member,{local_today():%d/%m/%Y},"]),
        "p.csv",
        actor=tree.qb_officer,
    )
    assert [(e.row, e.column, e.message) for e in result.errors] == [
        (2, "role", refused.value.message)
    ]
    assert (Membership.objects.count(), AuditEvent.objects.count()) == before
    # The same row as the one held (same start) is the same role: unchanged, not refused.
    again = import_people(
        people_csv([f"dv.giu,,,QB-PTM,member,{local_today().replace(day=1):%d/%m/%Y},"]),
        "p.csv",
        actor=tree.qb_officer,
    )
    assert again.ok and (again.created, again.unchanged) == (0, 1)


def _grant(tree, n: int) -> tuple[int, int]:
    users = [UserFactory(username=f"dv{n}.{i}") for i in range(n)]
    data = people_csv([f"{u.username},,,QB-PTM,member,," for u in users])
    with CaptureQueriesContext(connection) as queries:
        result = import_people(data, "p.csv", actor=tree.qb_officer)
    assert result.ok and result.created == n, result.errors[:3]
    granted = Membership.objects.filter(user__in=users, organization=tree.ptm, role=Role.MEMBER)
    assert granted.count() == n
    assert all(u.groups.filter(organization_role__organization=tree.ptm).exists() for u in users)
    audits = AuditEvent.objects.filter(
        verb="membership.grant", data__username__in=[u.username for u in users]
    )
    assert audits.count() == n and {a.actor_id for a in audits} == {tree.qb_officer.pk}
    return len(queries), n


def test_roles_are_given_in_queries_that_do_not_grow_with_the_rows(tree):
    _grant(tree, 1)  # the importer's scope is read once and cached: not part of the comparison
    small, _n = _grant(tree, 3)
    large, _n = _grant(tree, 40)
    assert large == small
