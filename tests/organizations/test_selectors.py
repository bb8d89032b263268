"""Reads of the tree: diacritic-insensitive search, and query counts that do not grow."""

import pytest

from apps.organizations import selectors
from apps.organizations.bulk import NodeSpec, bulk_insert_tree
from apps.organizations.models import Organization, OrganizationKind, Role
from tests.factories import OrganizationFactory, person

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("quang binh", "QB"),
        ("QUẢNG BÌNH", "QB"),
        ("dang bo cong an tinh quang", "QB"),
        ("tham muu", "QB-PTM"),
        ("an ninh kinh te", "QB-ANKT"),
    ],
)
def test_search_ignores_diacritics(tree, query, expected):
    codes = [o.code for o in selectors.search_organizations(user=tree.qb_standing, query=query)]
    assert codes[0] == expected


def test_search_finds_dang_uy_through_d_with_stroke(tree):
    codes = [
        o.code for o in selectors.search_organizations(user=tree.central_standing, query="dang uy")
    ]
    assert "CATW" in codes


def test_search_never_returns_what_the_user_cannot_see(tree):
    codes = [
        o.code for o in selectors.search_organizations(user=tree.ht_secretary, query="quang binh")
    ]
    assert codes == []


def _province_with(n: int) -> Organization:
    root = OrganizationFactory(code=f"P{n}", kind=OrganizationKind.ABOVE_GRASSROOTS)
    committees = max(1, n // 10)
    specs = []
    for c in range(committees):
        specs.append(
            NodeSpec(f"P{n}-C{c}", root.code, f"Đảng bộ {c}", OrganizationKind.GRASSROOTS_COMMITTEE)
        )
        for k in range(9):
            specs.append(
                NodeSpec(
                    f"P{n}-C{c}-{k}",
                    f"P{n}-C{c}",
                    f"Chi bộ {c}.{k}",
                    OrganizationKind.CELL_UNDER_COMMITTEE,
                )
            )
    bulk_insert_tree(specs)
    root.refresh_from_db()
    return root


def test_subtree_listing_costs_the_same_for_10_and_1000(client, django_assert_num_queries):
    counts = []
    for size in (10, 1000):
        root = _province_with(size)
        viewer = person(root, Role.STANDING_MEMBER)
        assert Organization.objects.filter(path__startswith=root.path).count() == size + 1
        client.force_login(viewer)
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as ctx:
            response = client.get(f"/org/{root.code}/subtree/")
        assert response.status_code == 200
        assert response.content.decode().count("<tr>") == size + 2  # header + root + nodes
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1], counts


def test_bulk_insert_tree_makes_a_valid_treebeard_tree():
    root = OrganizationFactory(code="ROOT", kind=OrganizationKind.CENTRAL)
    OrganizationFactory(parent=root, code="A", kind=OrganizationKind.ABOVE_GRASSROOTS)
    # children listed before their parent, and appended after an existing child
    bulk_insert_tree(
        [
            NodeSpec("B-1", "B", "Chi bộ B1", OrganizationKind.CELL_UNDER_COMMITTEE),
            NodeSpec("B", "ROOT", "Đảng bộ B", OrganizationKind.ABOVE_GRASSROOTS),
            NodeSpec("A-1", "A", "Chi bộ A1", OrganizationKind.GRASSROOTS_CELL),
        ]
    )
    problems = Organization.objects.find_problems()
    assert all(not p for p in problems), problems
    root.refresh_from_db()
    assert root.numchild == 2
    b = Organization.objects.get(code="B")
    assert [c.code for c in Organization.objects.get_children(b)] == ["B-1"]
    assert b.roles.count() == len(Role.values)
