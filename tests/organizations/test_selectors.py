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
    """A page of the subtree costs the same queries and holds at most SUBTREE_PAGE rows,
    whatever the tree's size (issue 21.4: the root's page was 1.9 MB)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from apps.organizations.views import SUBTREE_PAGE

    counts = []
    for size in (10, 1000):
        root = _province_with(size)
        viewer = person(root, Role.STANDING_MEMBER)
        assert Organization.objects.filter(path__startswith=root.path).count() == size + 1
        client.force_login(viewer)
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(f"/org/{root.code}/subtree/")
        assert response.status_code == 200
        rows = min(size + 1, SUBTREE_PAGE)  # root + nodes, one page at most
        assert response.content.decode().count("<tr>") == rows + 1  # + the header
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1], counts


def test_the_subtree_pages_walk_every_organisation_once_in_tree_order(client):
    """Following "next page" from the first page lists each organisation once, in tree order,
    and a deep page costs what the first one does."""
    import re

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    root = _province_with(450)
    client.force_login(person(root, Role.STANDING_MEMBER))
    url, seen, counts = f"/org/{root.code}/subtree/", [], []
    client.get(url)  # the user's scope read and cached once, as on any page before this one
    while url:
        with CaptureQueriesContext(connection) as ctx:
            page = client.get(url).content.decode()
        counts.append(len(ctx.captured_queries))
        seen += re.findall(r"<td>([A-Z0-9.-]+)</td><td>", page)
        more = re.search(r'id="subtree-more" href="\?after=([^"]+)"', page)
        url = f"/org/{root.code}/subtree/?after={more.group(1)}" if more else ""
    expected = list(
        Organization.objects.filter(path__startswith=root.path)
        .order_by("path")
        .values_list("code", flat=True)
    )
    assert seen == expected and len(counts) == 3  # 451 rows: 200, 200, 51
    assert len(set(counts)) == 1, counts
    # A path past the end lists nothing and offers no next page; garbage is just a path
    # compared with the others ("'" sorts before every path: the first page).
    page = client.get(f"/org/{root.code}/subtree/", {"after": "zzzz"}).content.decode()
    assert page.count("<tr>") == 1 and "subtree-more" not in page
    page = client.get(f"/org/{root.code}/subtree/", {"after": "'; DROP"}).content.decode()
    assert re.findall(r"<td>([A-Z0-9.-]+)</td><td>", page) == expected[:200]


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
