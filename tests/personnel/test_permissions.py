"""apps/personnel/permissions.py: who writes the personnel plan and who sees personnel data."""

import datetime as dt

import pytest

from apps.congresses.models import Subcommittee, SubcommitteeKind
from apps.personnel.permissions import in_personnel_subcommittee, may_edit_plan, may_view_personnel
from tests.factories import CongressFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def congress(tree):
    return CongressFactory(organization=tree.qb, opening_date=dt.date(2020, 6, 30))


def test_leaders_and_the_personnel_subcommittee_write_the_plan(tree, congress):
    assert may_edit_plan(tree.qb_secretary, congress)
    assert not may_edit_plan(tree.qb_committee, congress)
    Subcommittee.objects.create(congress=congress, kind=SubcommitteeKind.PERSONNEL).members.add(
        tree.qb_committee
    )
    assert in_personnel_subcommittee(tree.qb_committee, congress)
    assert may_edit_plan(tree.qb_committee, congress)
    for user in (
        tree.qb_standing,
        tree.qb_officer,
        tree.qb_member,
        tree.central_standing,
        tree.ht_secretary,
    ):
        assert not may_edit_plan(user, congress), user.username


def test_the_documents_subcommittee_gives_no_personnel_right(tree, congress):
    Subcommittee.objects.create(congress=congress, kind=SubcommitteeKind.DOCUMENTS).members.add(
        tree.qb_member
    )
    assert not in_personnel_subcommittee(tree.qb_member, congress)
    assert not may_edit_plan(tree.qb_member, congress)
    assert not may_view_personnel(tree.qb_member, congress)


def test_leaders_standing_office_and_the_direct_superior_see_personnel_data(tree, congress):
    for user in (tree.qb_secretary, tree.qb_standing, tree.qb_officer, tree.central_standing):
        assert may_view_personnel(user, congress), user.username


def test_members_committee_siblings_and_subordinates_do_not(tree, congress):
    for user in (
        tree.qb_member,
        tree.qb_committee,
        tree.ht_secretary,
        tree.ht_standing,
        tree.ptm_secretary,
        tree.outsider,
    ):
        assert not may_view_personnel(user, congress), user.username


def test_the_superiors_superior_does_not_supervise_a_grandchild(tree):
    congress = CongressFactory(organization=tree.ptm, opening_date=dt.date(2020, 5, 30))
    assert may_view_personnel(tree.qb_standing, congress)  # direct superior
    assert not may_view_personnel(tree.central_standing, congress)
