"""The role groups and their default rights, written by the database (organizations.role_groups
through services.ensure_role_groups): the same rows the rules in permissions.default_grants name,
once, on PostgreSQL and SQLite (CI runs this module on both)."""

from collections import defaultdict

import pytest
from django.contrib.auth.models import Group

from apps.organizations import services
from apps.organizations.models import (
    CELL_KINDS,
    Organization,
    OrganizationGroupObjectPermission,
    OrganizationRole,
    Role,
)
from apps.organizations.permissions import default_grants
from apps.organizations.services import ensure_role_groups

pytestmark = pytest.mark.django_db


def _new(code: str, kind: str) -> Organization:
    return Organization.objects.add_root({"code": code, "name": code, "kind": kind})


def _granted(org: Organization) -> dict[str, set[str]]:
    """role → codenames granted to its group on the organisation itself."""
    held: dict[str, set[str]] = defaultdict(set)
    for role, codename in OrganizationGroupObjectPermission.objects.filter(
        content_object=org
    ).values_list("group__organization_role__role", "permission__codename"):
        held[role].add(codename)
    return dict(held)


def _expected(kind: str) -> dict[str, set[str]]:
    expected: dict[str, set[str]] = defaultdict(set)
    for role, codename, cells_only in default_grants():
        if not cells_only or kind in CELL_KINDS:
            expected[role].add(codename)
    return dict(expected)


def test_each_role_gets_its_named_group_and_exactly_its_default_rights():
    committee = _new("RGA", "grassroots_committee")
    cell = _new("RGB", "grassroots_cell")
    assert ensure_role_groups([committee, cell]) == 2 * len(Role.values)
    for org in (committee, cell):
        links = OrganizationRole.objects.filter(organization=org).select_related("group")
        assert {link.role: link.group.name for link in links} == {
            role: f"{org.code}:{role}" for role in Role.values
        }
        assert _granted(org) == _expected(org.kind)
    # a cell's committee approves its own personnel plan; a committee's does not
    assert "approve_personnel" in _granted(cell)[Role.COMMITTEE_MEMBER]
    assert "approve_personnel" not in _granted(committee)[Role.COMMITTEE_MEMBER]


def test_a_second_run_writes_nothing_and_a_lost_right_is_given_back():
    org = _new("RGC", "grassroots_committee")
    ensure_role_groups([org])
    counts = (Group.objects.count(), OrganizationGroupObjectPermission.objects.count())
    assert ensure_role_groups([org]) == 0
    assert (Group.objects.count(), OrganizationGroupObjectPermission.objects.count()) == counts
    OrganizationGroupObjectPermission.objects.filter(
        content_object=org, permission__codename="view_subtree"
    ).delete()
    assert ensure_role_groups([org]) == 0  # no group created …
    assert _granted(org) == _expected(org.kind)  # … but the right is back
    assert OrganizationGroupObjectPermission.objects.count() == counts[1]


def test_only_the_organisations_named_are_touched_and_none_means_every_one_without_groups():
    named = _new("RGD", "grassroots_cell")
    other = _new("RGE", "grassroots_cell")
    ensure_role_groups([named])
    assert not OrganizationRole.objects.filter(organization=other).exists()
    assert ensure_role_groups([]) == 0
    assert ensure_role_groups() == len(Role.values)  # the other one only
    assert _granted(other) == _expected(other.kind)


def test_an_orphan_group_of_the_right_name_is_linked_not_duplicated():
    org = _new("RGF", "grassroots_committee")
    orphan = Group.objects.create(name=f"RGF:{Role.SECRETARY}")
    assert ensure_role_groups([org]) == len(Role.values)
    assert OrganizationRole.objects.get(organization=org, role=Role.SECRETARY).group == orphan


def test_many_organisations_are_written_in_bounded_statements(monkeypatch):
    monkeypatch.setattr(services, "SQLITE_IDS_PER_STATEMENT", 2)
    orgs = [_new(f"RGN{i}", "grassroots_cell") for i in range(5)]
    assert ensure_role_groups(orgs) == 5 * len(Role.values)
    for org in orgs:
        assert _granted(org) == _expected(org.kind)
