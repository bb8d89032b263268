"""Bulk insertion into the tree: any order of parents and children, new nodes after the
existing children, numchild kept, role groups made, nothing that exists moved."""

import pytest

from apps.organizations.bulk import NodeSpec, bulk_insert_tree
from apps.organizations.models import Organization, OrganizationRole, Role

pytestmark = pytest.mark.django_db


def test_children_listed_before_their_parent_land_under_it_after_the_existing_ones(tree):
    before = dict(Organization.objects.values_list("code", "path"))
    saved = bulk_insert_tree(
        [
            NodeSpec("QB-NEW-1", "QB-NEW", "Chi bộ Đội 1", "cell_under_committee"),
            NodeSpec("QB-NEW", "QB", "Đảng bộ Phòng Mới", "grassroots_committee", short_name="PM"),
            NodeSpec("QB-NEW-2", "QB-NEW", "Chi bộ Đội 2", "cell_under_committee"),
        ]
    )
    assert {o.code for o in saved} == {"QB-NEW", "QB-NEW-1", "QB-NEW-2"}
    assert dict(Organization.objects.filter(code__in=before).values_list("code", "path")) == before
    qb = Organization.objects.get(code="QB")
    new = Organization.objects.get(code="QB-NEW")
    assert new.get_parent() == qb and new.path > tree.ankt.path  # after the existing children
    assert [c.code for c in new.get_children()] == ["QB-NEW-1", "QB-NEW-2"]
    assert (new.numchild, qb.numchild) == (2, 3) and new.short_name == "PM"
    assert new.search_text == Organization.search_text_for(
        code="QB-NEW", name="Đảng bộ Phòng Mới", short_name="PM"
    )
    assert all(not problems for problems in Organization.objects.find_problems())
    groups = OrganizationRole.objects.filter(organization__code__startswith="QB-NEW")
    assert groups.count() == 3 * len(Role.values)


def test_a_new_root_comes_after_the_existing_roots(tree):
    bulk_insert_tree(
        [
            NodeSpec("ROOT2", None, "Gốc hai", "central"),
            NodeSpec("R2-A", "ROOT2", "A", "grassroots_cell"),
        ]
    )
    roots = list(Organization.get_root_nodes().values_list("code", flat=True))
    assert roots == ["CATW", "ROOT2"]
    assert Organization.objects.get(code="R2-A").get_parent().code == "ROOT2"


def test_two_batches_under_one_parent_keep_apart(tree):
    bulk_insert_tree([NodeSpec("A1", "QB-ANKT", "A1", "grassroots_cell")], batch_size=1)
    bulk_insert_tree([NodeSpec("A2", "QB-ANKT", "A2", "grassroots_cell")])
    ankt = Organization.objects.get(code="QB-ANKT")
    assert [c.code for c in ankt.get_children()] == ["A1", "A2"] and ankt.numchild == 2


def test_nothing_to_insert_inserts_nothing(tree):
    count = Organization.objects.count()
    assert bulk_insert_tree([]) == [] and Organization.objects.count() == count
