"""The administrator is recognised in one place (permissions.is_administrator); every door that
treats them differently asks it — each checked both ways: the administrator, and a person who
holds roles but is not one."""

import datetime as dt

import pytest

from apps.congresses.selectors import preparing_term
from apps.core.errors import PermissionDenied
from apps.organizations.grants import GrantRules
from apps.organizations.importing import import_organizations
from apps.organizations.models import Organization
from apps.organizations.permissions import Action, is_administrator, may, scope_for
from apps.organizations.selectors import tree_roots_for
from apps.organizations.services import organization_create
from apps.twofactor.policy import second_factor_required
from apps.worklist.selectors import worklist_for
from tests.factories import term

pytestmark = pytest.mark.django_db
TODAY = dt.date.today()


def test_is_administrator(tree, admin_user):
    assert is_administrator(admin_user)
    assert not is_administrator(tree.qb_secretary)
    assert not is_administrator(None)


def test_scope_every_right_only_for_the_administrator(tree, admin_user):
    assert scope_for(admin_user).administrator and may(admin_user, Action.LEAD, tree.ht)
    assert not scope_for(tree.qb_secretary).administrator
    assert not may(tree.qb_secretary, Action.LEAD, tree.ht)


def test_top_level_organisation_by_the_administrator_only(tree, admin_user):
    with pytest.raises(PermissionDenied, match="Chỉ quản trị viên"):
        organization_create(actor=tree.qb_officer, parent=None, code="X1", name="X", kind="central")
    assert not Organization.objects.filter(code="X1").exists()
    organization_create(actor=admin_user, parent=None, code="X1", name="X", kind="central")
    assert Organization.objects.filter(code="X1", depth=1).exists()


def test_importing_a_top_level_organisation_by_the_administrator_only(tree, admin_user):
    data = b"code,parent_code,name,short_name,kind\nX2,,Dang uy X,,central\n"
    refused = import_organizations(data, "o.csv", actor=tree.qb_officer)
    assert "Chỉ quản trị viên được thêm tổ chức cấp cao nhất." in [str(e) for e in refused.errors]
    assert not Organization.objects.filter(code="X2").exists()
    assert import_organizations(data, "o.csv", actor=admin_user).ok
    assert Organization.objects.filter(code="X2").exists()


def test_grant_rules_trust_the_administrator_only(tree, admin_user):
    assert GrantRules(admin_user).trusted
    assert not GrantRules(tree.qb_officer).trusted
    # Nobody's subtree holds the administrator's own account.
    assert GrantRules(tree.qb_officer).identity_editable([admin_user]) == set()


def test_second_factor_for_the_administrator_and_not_for_a_plain_member(tree, admin_user, settings):
    settings.TWO_FACTOR_REQUIRED = True
    assert second_factor_required(admin_user)
    assert not second_factor_required(tree.qb_member)


def test_home_and_menus_for_the_administrator(client, tree, admin_user):
    assert worklist_for(user=admin_user, today=TODAY).is_administrator
    assert not worklist_for(user=tree.qb_secretary, today=TODAY).is_administrator
    assert list(tree_roots_for(user=admin_user)) == [tree.central]
    assert list(tree_roots_for(user=tree.qb_secretary)) == [tree.qb]
    client.force_login(admin_user)  # holds no role: "Đại hội" opens the root's dashboard
    assert client.get("/congresses/")["Location"] == "/congresses/org/CATW/"
    client.force_login(tree.outsider)
    assert client.get("/congresses/").status_code == 200  # the page saying they see nothing


def test_preparing_term_reads_no_congress_for_the_administrator(tree, admin_user):
    terms = [term("2020-2025"), term("2025-2030")]
    assert preparing_term(user=admin_user, today=TODAY, terms=terms) in terms
