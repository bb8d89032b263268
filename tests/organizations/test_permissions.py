"""The permission layer, both ways: who may and who may not, per action and reach."""

import datetime as dt

import pytest
from django.contrib.auth.models import AnonymousUser

from apps.organizations.models import Organization, Role
from apps.organizations.permissions import Action, may, restrict, scope_for
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db
TODAY = dt.date(2020, 5, 13)


def test_secretary_leads_own_organization_only(tree):
    assert may(tree.qb_secretary, Action.LEAD, tree.qb, today=TODAY)
    assert not may(tree.qb_secretary, Action.LEAD, tree.ptm, today=TODAY)  # not a subordinate's
    assert not may(tree.qb_secretary, Action.LEAD, tree.ht, today=TODAY)  # not a sibling's
    assert not may(tree.qb_secretary, Action.LEAD, tree.central, today=TODAY)  # not the superior's


def test_sibling_sees_nothing_of_the_other_branch(tree):
    for action in Action:
        assert not may(tree.ht_secretary, action, tree.qb, today=TODAY)
        assert not may(tree.ht_secretary, action, tree.ptm, today=TODAY)
        assert not may(tree.ht_secretary, action, tree.ankt, today=TODAY)


def test_superior_standing_member_supervises_direct_subordinates_only(tree):
    assert may(tree.qb_standing, Action.SUPERVISE, tree.ptm, today=TODAY)
    assert may(tree.qb_standing, Action.SUPERVISE, tree.ankt, today=TODAY)
    # not two levels down: the cell under PTM is decided by PTM, its direct superior
    assert not may(tree.qb_standing, Action.SUPERVISE, tree.ptm_cell, today=TODAY)
    assert may(tree.ptm_standing, Action.SUPERVISE, tree.ptm_cell, today=TODAY)
    # nor itself, nor a sibling province's subordinate
    assert not may(tree.qb_standing, Action.SUPERVISE, tree.qb, today=TODAY)
    assert not may(tree.qb_standing, Action.SUPERVISE, tree.ht_ptm, today=TODAY)
    assert may(tree.central_standing, Action.SUPERVISE, tree.qb, today=TODAY)


def test_superior_standing_member_sees_whole_subtree(tree):
    for org in (tree.qb, tree.ptm, tree.ptm_cell, tree.ankt):
        assert may(tree.qb_standing, Action.VIEW, org, today=TODAY)
    assert not may(tree.qb_standing, Action.VIEW, tree.central, today=TODAY)
    assert not may(tree.qb_standing, Action.VIEW, tree.ht_ptm, today=TODAY)


def test_standing_member_approves_own_plan_but_does_not_lead(tree):
    assert may(tree.qb_standing, Action.APPROVE_PLAN, tree.qb, today=TODAY)
    assert not may(tree.qb_standing, Action.APPROVE_PLAN, tree.ptm, today=TODAY)
    assert not may(tree.qb_standing, Action.LEAD, tree.qb, today=TODAY)
    assert not may(tree.ht_standing, Action.APPROVE_PLAN, tree.qb, today=TODAY)


def test_member_and_committee_member_rights(tree):
    assert may(tree.qb_member, Action.VIEW, tree.qb, today=TODAY)
    assert not may(tree.qb_member, Action.VIEW, tree.ptm, today=TODAY)
    assert not may(tree.qb_member, Action.COMMENT, tree.qb, today=TODAY)
    assert may(tree.qb_committee, Action.COMMENT, tree.qb, today=TODAY)
    assert not may(tree.qb_committee, Action.APPROVE_PLAN, tree.qb, today=TODAY)


def test_cell_committee_member_approves_plan_where_there_is_no_standing_committee(tree):
    cell_committee = MembershipFactory(organization=tree.ankt, role=Role.COMMITTEE_MEMBER).user
    assert may(cell_committee, Action.APPROVE_PLAN, tree.ankt, today=TODAY)


def test_officer_keeps_registers_of_subtree(tree):
    assert may(tree.qb_officer, Action.KEEP_REGISTERS, tree.qb, today=TODAY)
    assert may(tree.qb_officer, Action.KEEP_REGISTERS, tree.ptm_cell, today=TODAY)
    assert not may(tree.qb_officer, Action.KEEP_REGISTERS, tree.ht, today=TODAY)
    assert not may(tree.qb_officer, Action.LEAD, tree.qb, today=TODAY)


def test_ended_membership_grants_nothing(tree):
    user = UserFactory()
    MembershipFactory(
        user=user,
        organization=tree.qb,
        role=Role.SECRETARY,
        start_date=dt.date(2015, 1, 1),
        end_date=dt.date(2020, 5, 12),
    )
    assert may(user, Action.LEAD, tree.qb, today=dt.date(2020, 5, 12))  # last day inclusive
    user2 = type(user).objects.get(pk=user.pk)  # a fresh request
    assert not may(user2, Action.LEAD, tree.qb, today=TODAY)
    assert not may(user2, Action.VIEW, tree.qb, today=TODAY)


def test_membership_not_started_grants_nothing(tree):
    user = MembershipFactory(
        organization=tree.qb, role=Role.SECRETARY, start_date=dt.date(2020, 6, 1)
    ).user
    assert not may(user, Action.VIEW, tree.qb, today=TODAY)


def test_anonymous_and_outsider_get_nothing(tree):
    for user in (AnonymousUser(), tree.outsider):
        for action in Action:
            assert not may(user, action, tree.qb, today=TODAY)
        assert restrict(Organization.objects.all(), user).count() == 0


def test_inactive_user_gets_nothing(tree):
    tree.qb_secretary.is_active = False
    tree.qb_secretary.save()
    fresh = type(tree.qb_secretary).objects.get(pk=tree.qb_secretary.pk)
    assert not may(fresh, Action.VIEW, tree.qb, today=TODAY)


def test_superuser_may_everything(tree, admin_user):
    assert may(admin_user, Action.SUPERVISE, tree.ptm_cell, today=TODAY)


def test_revoking_the_group_permission_in_admin_takes_effect(tree):
    """The rights live in guardian's table: an administrator can change what a role grants."""
    from guardian.shortcuts import remove_perm

    group = tree.qb.roles.get(role=Role.SECRETARY).group
    remove_perm("organizations.lead_organization", group, tree.qb)
    fresh = type(tree.qb_secretary).objects.get(pk=tree.qb_secretary.pk)
    assert not may(fresh, Action.LEAD, tree.qb, today=TODAY)
    assert may(fresh, Action.VIEW, tree.qb, today=TODAY)


def test_restrict_filters_lists_in_sql(tree):
    codes = set(
        restrict(Organization.objects.all(), tree.qb_standing).values_list("code", flat=True)
    )
    assert codes == {"QB", "QB-PTM", "QB-PTM-TH", "QB-ANKT"}
    codes = set(
        restrict(Organization.objects.all(), tree.ptm_secretary).values_list("code", flat=True)
    )
    assert codes == {"QB-PTM", "QB-PTM-TH"}


def test_scope_is_read_in_constant_queries_and_cached(tree, django_assert_num_queries):
    def fresh():  # a new request: a new user object
        return type(tree.qb_standing).objects.get(pk=tree.qb_standing.pk)

    user = fresh()
    with django_assert_num_queries(3):  # the three reads (the scopes' version is in the cache)
        scope_for(user, today=TODAY)
    with django_assert_num_queries(0):
        for org in (tree.qb, tree.ptm, tree.ptm_cell, tree.ankt, tree.ht):
            may(user, Action.VIEW, org, today=TODAY)
    user = fresh()
    with django_assert_num_queries(0):  # the next request: the version, then the scope, cached
        assert may(user, Action.VIEW, tree.ptm_cell, today=TODAY)


def test_cached_scope_follows_membership_and_working_group_changes(tree):
    from apps.organizations.models import Membership, WorkingGroup

    def fresh(user):
        return type(user).objects.get(pk=user.pk)

    assert may(fresh(tree.qb_standing), Action.VIEW, tree.ptm_cell, today=TODAY)
    membership = Membership.objects.get(user=tree.qb_standing, organization=tree.qb)
    membership.end_date = TODAY - dt.timedelta(days=1)
    membership.save()
    assert not may(fresh(tree.qb_standing), Action.VIEW, tree.ptm_cell, today=TODAY)

    helper = UserFactory()
    group = WorkingGroup.objects.create(organization=tree.qb, name="Tổ công tác số 2")
    group.members.add(helper)
    assert not may(fresh(helper), Action.VIEW, tree.ankt, today=TODAY)
    group.followed.add(tree.ankt)
    assert may(fresh(helper), Action.VIEW, tree.ankt, today=TODAY)
    group.members.remove(helper)
    assert not may(fresh(helper), Action.VIEW, tree.ankt, today=TODAY)


def test_working_group_member_follows_assigned_organizations(tree):
    from apps.organizations.models import WorkingGroup

    helper = UserFactory()
    group = WorkingGroup.objects.create(organization=tree.qb, name="Tổ công tác số 1")
    group.members.add(helper)
    group.followed.add(tree.ptm)
    assert may(helper, Action.VIEW, tree.ptm_cell, today=TODAY)
    assert not may(helper, Action.VIEW, tree.ankt, today=TODAY)
    assert not may(helper, Action.LEAD, tree.ptm, today=TODAY)


def test_manage_delegates_is_the_convening_organisations_own_leaders_standing_and_office(tree):
    """Issue 22.6: the secretary, standing members and office of the organisation itself act on
    its delegates; committee members, members, the superior and the subordinates do not."""
    for user in (tree.qb_secretary, tree.qb_standing, tree.qb_officer):
        assert may(user, Action.MANAGE_DELEGATES, tree.qb, today=TODAY)
        assert not may(user, Action.MANAGE_DELEGATES, tree.ptm, today=TODAY)  # not below
    for user in (tree.qb_committee, tree.qb_member, tree.ptm_secretary, tree.ht_secretary):
        assert not may(user, Action.MANAGE_DELEGATES, tree.qb, today=TODAY)
    assert not may(tree.central_standing, Action.MANAGE_DELEGATES, tree.qb, today=TODAY)
