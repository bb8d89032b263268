"""The demo loader (apps/devtools/demo/__init__.py): the organisations, people, roles and working
groups of the fixture file, made through the services users go through (audited), once."""

import datetime as dt

import pytest
from django.contrib.auth import get_user_model

from apps.audit.models import AuditEvent
from apps.devtools.demo import load_demo
from apps.organizations.models import Membership, Organization, WorkingGroup
from tests.devtools.demo.conftest import demo_spec
from tests.factories import term

pytestmark = pytest.mark.django_db


@pytest.fixture
def spec():
    term("2020-2025"), term("2025-2030")
    return demo_spec()


def test_the_files_world_through_the_services_once(spec):
    assert load_demo(spec) is True
    codes = [o["code"] for o in spec["organizations"]]
    assert sorted(Organization.objects.values_list("code", flat=True)) == sorted(codes)
    for item in spec["organizations"]:
        org = Organization.objects.get(code=item["code"])
        parent = org.get_parent()
        assert (parent.code if parent else None) == item["parent"]
        assert org.place_name == item.get("place_name", "")
    assert AuditEvent.objects.filter(verb="organization.create").count() == len(codes)

    User = get_user_model()
    admin = User.objects.get(username="admin")
    assert admin.is_superuser and admin.check_password(spec["password"])
    for person in spec["people"]:
        user = User.objects.get(username=person["username"])
        assert user.full_name == person["full_name"]
        assert user.email == f"{person['username']}@example.invalid"
        given = Membership.objects.filter(user=user, start_date=dt.date(2019, 1, 1))
        held = set(given.values_list("organization__code", "role", "title"))
        assert held == {tuple(r) for r in person["roles"]}  # (the ratified pilot adds others)

    groups = {g.name: g for g in WorkingGroup.objects.all()}
    for item in spec["working_groups"]:
        group = groups[item["name"]]
        assert group.organization.code == item["organization"]
        assert sorted(u.username for u in group.members.all()) == sorted(item["members"])
        assert sorted(o.code for o in group.followed.all()) == sorted(item["followed"])

    counts = (Organization.objects.count(), User.objects.count(), AuditEvent.objects.count())
    assert load_demo(spec) is False
    assert (
        Organization.objects.count(),
        User.objects.count(),
        AuditEvent.objects.count(),
    ) == counts
