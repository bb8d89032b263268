"""The export resources: the tree in the import's columns with each parent's code read in one
query; people and roles with dates as the import writes them; spreadsheet triggers escaped."""

import datetime as dt

import pytest

from apps.organizations.models import Membership, Organization
from apps.organizations.resources import MembershipResource, OrganizationResource
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_the_tree_exports_in_the_imports_columns(tree, django_assert_num_queries):
    qs = Organization.objects.filter(path__startswith=tree.qb.path).order_by("path")
    resource = OrganizationResource()
    # the paths, every parent's code at once, every latest membership count at once, the rows
    with django_assert_num_queries(4):
        dataset = resource.export(queryset=qs)
    assert dataset.headers == [
        "code",
        "parent_code",
        "name",
        "short_name",
        "kind",
        "official_members",
        "probationary_members",
        "members_as_of",
    ]
    rows = {r[0]: r for r in dataset}
    assert rows["QB"][1] == "CATW" and rows["QB-PTM-TH"][1] == "QB-PTM"
    assert rows["QB-ANKT"][1:] == ("QB", tree.ankt.name, "", "grassroots_cell", "", "", "")
    root = OrganizationResource().export(queryset=Organization.objects.filter(code="CATW"))
    assert root[0][1] == ""


def test_a_name_that_starts_like_a_formula_is_exported_as_text(tree):
    tree.ankt.name = '=HYPERLINK("http://x")'
    tree.ankt.save()
    dataset = OrganizationResource().export(queryset=Organization.objects.filter(code="QB-ANKT"))
    assert dataset[0][2] == '\'=HYPERLINK("http://x")'


def test_people_and_roles_with_dates_as_the_import_reads_them(tree):
    user = UserFactory(username="dv.xuat", full_name="Lê Thị Xuất", email="xuat@example.invalid")
    MembershipFactory(
        user=user,
        organization=tree.ankt,
        start_date=dt.date(2020, 1, 2),
        end_date=dt.date(2024, 12, 31),
    )
    dataset = MembershipResource().export(queryset=Membership.objects.filter(user=user))
    assert dataset.headers == [
        "username",
        "full_name",
        "email",
        "organization_code",
        "role",
        "start_date",
        "end_date",
    ]
    assert dataset[0] == (
        "dv.xuat",
        "Lê Thị Xuất",
        "xuat@example.invalid",
        "QB-ANKT",
        "member",
        "02/01/2020",
        "31/12/2024",
    )
    open_ended = MembershipResource().export(
        queryset=Membership.objects.filter(user=tree.qb_member)
    )
    assert open_ended[0][6] == ""
