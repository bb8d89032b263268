"""apps/delegates/permissions.py: who acts on delegate records and who reads them."""

import pytest

from apps.delegates.permissions import (
    may_manage_delegates,
    may_record_delegate_election,
    may_view_allocation,
    may_view_delegate_election,
    may_view_delegates,
)
from apps.organizations.models import Organization, Role
from tests.delegates.province import make_province
from tests.factories import person

pytestmark = pytest.mark.django_db


@pytest.fixture
def p(small):
    central = Organization.objects.get_parent(small.org)
    small.central_standing = person(central, Role.STANDING_MEMBER, user__username="btv.tw")
    small.central_officer = person(central, Role.OFFICE_OFFICER, user__username="vp.tw")
    small.sibling = make_province(units=1, committee=2, code="HT", parent=central)
    return small


def test_the_convening_organisations_leaders_standing_and_office_manage(p):
    for user in (p.secretary, p.standing, p.officer):
        assert may_manage_delegates(user, p.congress), user.username
    for user in (
        p.member,
        p.committee[-1],
        p.unit_secretaries[0],
        p.central_standing,
        p.central_officer,
    ):
        assert not may_manage_delegates(user, p.congress), user.username


def test_the_list_is_read_by_managers_the_superior_and_offices_above(p):
    for user in (p.secretary, p.officer, p.central_standing, p.central_officer):
        assert may_view_delegates(user, p.congress), user.username
    for user in (p.member, p.committee[-1], p.unit_secretaries[0], p.sibling.secretary):
        assert not may_view_delegates(user, p.congress), user.username


def test_a_units_election_is_recorded_by_the_unit_or_the_convening_organisation(p):
    unit_congress = p.unit_congresses[0]
    assert may_record_delegate_election(p.unit_secretaries[0], unit_congress, p.congress)
    assert may_record_delegate_election(p.officer, unit_congress, p.congress)
    assert not may_record_delegate_election(p.unit_secretaries[1], unit_congress, p.congress)
    assert not may_record_delegate_election(p.central_standing, unit_congress, p.congress)
    # the superior reads it without recording it
    assert may_view_delegate_election(p.central_standing, unit_congress, p.congress)
    assert not may_view_delegate_election(p.unit_secretaries[1], unit_congress, p.congress)
    assert not may_view_delegate_election(p.member, unit_congress, p.congress)


def test_the_allocation_is_read_by_whoever_sees_one_of_its_units(p):
    shares = [u.pk for u in p.units[:2]]
    assert may_view_allocation(p.unit_secretaries[0], p.congress, shares)
    assert may_view_allocation(p.unit_secretaries[1], p.congress, shares)
    assert not may_view_allocation(p.unit_secretaries[2], p.congress, shares)  # not in it
    assert may_view_allocation(p.officer, p.congress, [])
    assert not may_view_allocation(p.member, p.congress, shares)
    assert not may_view_allocation(p.sibling.secretary, p.congress, shares)
