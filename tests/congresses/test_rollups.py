"""Dashboard roll-ups per subtree (issue 21.1): a change renews only its ancestors' roll-ups, a
roll-up is rebuilt from its children's cached parts, identical rebuilds run once."""

import datetime as dt
import threading
import time

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from apps.congresses import rollups, selectors
from apps.congresses.cache import names_for
from apps.congresses.models import Congress, LessonsMeeting
from apps.core import tree_versions
from apps.organizations.bulk import NodeSpec, bulk_insert_tree
from apps.organizations.models import Organization, OrganizationKind, Role
from apps.organizations.permissions import Action
from tests.factories import CongressFactory, OrganizationFactory, UserFactory, person, term

TODAY = dt.date(2025, 3, 1)
TERM = "2025-2030"


def _nation(code: str, provinces: int, committees: int, cells: int) -> Organization:
    """A central organisation, its provinces, their committees and cells, one congress each."""
    root = OrganizationFactory(code=code, kind=OrganizationKind.CENTRAL)
    specs = []
    for p in range(provinces):
        province = f"{code}{p}"
        specs.append(NodeSpec(province, code, f"Tỉnh {p}", OrganizationKind.ABOVE_GRASSROOTS))
        for c in range(committees):
            committee = f"{province}-{c}"
            specs.append(
                NodeSpec(committee, province, f"Đảng bộ {c}", OrganizationKind.GRASSROOTS_COMMITTEE)
            )
            specs += [
                NodeSpec(f"{committee}-{k}", committee, f"Chi bộ {k}", "cell_under_committee")
                for k in range(cells)
            ]
    orgs = bulk_insert_tree(specs)
    t = term(TERM)
    Congress.objects.bulk_create(
        Congress(
            organization=org,
            term=t,
            ordinal="I",
            kind="delegates",
            opening_date=dt.date(2025, 4, 1) + dt.timedelta(days=i % 40),
        )
        for i, org in enumerate([root, *orgs])
    )
    tree_versions.renew([tree_versions.EVERYTHING])  # bulk_create sends no signal
    root.refresh_from_db()
    return root


def _rows(root: Organization) -> list[tuple]:
    return rollups.rows_below(root, term_id=term(TERM).pk, today=TODAY)


@pytest.fixture
def evaluated(monkeypatch):
    """The organisations whose congresses were evaluated, by code, in order of evaluation."""
    paths: list[str] = []
    real = rollups.evaluate_rows

    def spy(queryset, *, today):
        result = real(queryset, today=today)
        paths.extend(e.congress.org_code for e in result)
        return result

    monkeypatch.setattr(rollups, "evaluate_rows", spy)
    return paths


def _move(code: str, days: int) -> Congress:
    congress = Congress.objects.get(organization__code=code)
    congress.opening_date += dt.timedelta(days=days)
    congress.save()  # the admin's way: the signal renews the versions
    return congress


def _dates(rows) -> dict[int, dt.date]:
    return {r[0]: r[3] for r in rows}


@pytest.mark.django_db
def test_a_change_in_one_province_rebuilds_its_ancestors_only(evaluated):
    root = _nation("N", provinces=3, committees=3, cells=2)
    province_b = Organization.objects.get(code="N1")
    before_root, before_b = _rows(root), _rows(province_b)
    assert len(before_root) == 3 * (1 + 3 * 3) and len(before_b) == 3 * 3
    _move("N0-1-0", 3)  # one cell of province A (N0)
    _rows(root)  # the first change in N0 rebuilds N0 from its subtree, once
    evaluated.clear()

    moved = _move("N0-1-1", 5)  # a second change in province A
    rows = _rows(root)
    # rebuilt: the changed cell, its committee's and province's own congresses; nothing else
    assert sorted(evaluated) == ["N0", "N0-1", "N0-1-0", "N0-1-1"]
    assert _dates(rows)[moved.pk] == moved.opening_date
    first_moved = Congress.objects.get(organization__code="N0-1-0").pk
    unchanged = {r[0] for r in before_root} - {moved.pk, first_moved}
    assert {k: v for k, v in _dates(rows).items() if k in unchanged} == {
        k: v for k, v in _dates(before_root).items() if k in unchanged
    }

    evaluated.clear()
    with CaptureQueriesContext(connection) as ctx:
        assert sorted(_rows(province_b)) == sorted(before_b)  # province B: still cached
    assert evaluated == []
    facts = [q["sql"] for q in ctx.captured_queries if "congresses_congress" in q["sql"]]
    assert facts == []  # no fact read at all for B, only the list of its children


@pytest.mark.django_db
def test_the_dashboard_of_another_province_stays_cached_as_html(client, evaluated):
    root = _nation("H", provinces=2, committees=2, cells=1)
    province_b = Organization.objects.get(code="H1")
    client.force_login(person(province_b, Role.STANDING_MEMBER))
    url = f"/congresses/org/{province_b.code}/?term={TERM}"
    first = client.get(url).content.decode()
    _rows(root)
    _move("H0-0", 2)
    evaluated.clear()
    with CaptureQueriesContext(connection) as ctx:
        again = client.get(url).content.decode()
    assert evaluated == []
    assert not [q for q in ctx.captured_queries if "documents_circulation" in q["sql"]]
    assert again.count("<tr") == first.count("<tr")


def _root_rebuild_queries(code: str, provinces: int, committees: int, cells: int) -> int:
    root = _nation(code, provinces, committees, cells)
    _rows(root)
    _move(f"{code}0-0-0", 1)
    _rows(root)  # the first change in the province
    _move(f"{code}0-0-0", 1)
    term_id = term(TERM).pk
    with CaptureQueriesContext(connection) as ctx:
        rollups.rows_below(root, term_id=term_id, today=TODAY)
    return len(ctx.captured_queries)


@pytest.mark.django_db
def test_the_root_is_rebuilt_from_its_childrens_parts_in_constant_queries():
    small = _root_rebuild_queries("S", provinces=2, committees=2, cells=2)
    big = _root_rebuild_queries("B", provinces=6, committees=8, cells=5)
    assert small == big, (small, big)
    # the children of the root, of the province and of the committee (3); the changed
    # committee's cells, its own congress and the province's own evaluated (3 × 3: rows, facts,
    # rule sets); the 5 other provinces' and 7 other committees' parts come from the cache
    assert big == 12


@pytest.mark.django_db
def test_what_a_user_sees_is_what_restrict_lets_them_see():
    root = _nation("V", provinces=2, committees=2, cells=2)
    committee = Organization.objects.get(code="V0-1")
    cell = Organization.objects.get(code="V1-0-1")
    users = [
        person(root, Role.STANDING_MEMBER),  # the whole subtree
        person(committee, Role.COMMITTEE_MEMBER),  # its own organisation only
        person(cell, Role.MEMBER),
        UserFactory(),  # nothing
        UserFactory(is_superuser=True),
    ]
    for user in users:
        shown = {
            r[0]
            for r in selectors.dashboard_rows(user=user, root=root, term=term(TERM), today=TODAY)
        }
        visible = set(
            selectors.congresses_visible_to(user=user)
            .filter(organization__path__startswith=root.path, organization__depth__gt=root.depth)
            .values_list("pk", flat=True)
        )
        assert shown == visible, user


@pytest.mark.django_db
def test_scope_paths_answer_as_the_scope_does():
    root = _nation("P", provinces=1, committees=2, cells=1)
    committee = Organization.objects.get(code="P0-1")
    from apps.organizations.permissions import scope_for

    scope = scope_for(person(committee, Role.STANDING_MEMBER))
    for org in Organization.objects.filter(path__startswith=root.path):
        for action in Action:
            assert scope.allows_path(action, org.path) == scope.allows(action, org), (action, org)
    assert scope.allows_subtree(Action.VIEW, committee)
    assert not scope.allows_subtree(Action.VIEW, root)


@pytest.mark.django_db
def test_what_each_change_renews(tree):
    ancestors = {
        tree_versions.subtree(o.path) for o in (tree.central, tree.qb, tree.ptm, tree.ptm_cell)
    }
    congress = CongressFactory(organization=tree.ptm_cell, term=term(TERM))
    assert names_for(Congress, congress) == ancestors
    congress.refresh_from_db()  # the organisation not loaded: read by one query
    assert names_for(Congress, congress) == ancestors
    meeting = LessonsMeeting.objects.create(organization=tree.qb, term=term(TERM))
    children = Organization.objects.filter(path__startswith=tree.qb.path, depth=tree.qb.depth + 1)
    assert names_for(LessonsMeeting, meeting) == {
        tree_versions.subtree(tree.central.path),
        tree_versions.subtree(tree.qb.path),
        *(tree_versions.subtree(c.path) for c in children),
    }
    assert names_for(Organization, tree.ankt) == {
        tree_versions.SCOPES,
        *(tree_versions.subtree(o.path) for o in (tree.central, tree.qb, tree.ankt)),
    }
    assert names_for(type(congress.term), congress.term) == {tree_versions.EVERYTHING}
    from apps.organizations.models import Membership

    assert names_for(Membership, Membership.objects.first()) == {tree_versions.SCOPES}


@pytest.mark.postgresql  # threads with their own connections read the committed tree
@pytest.mark.django_db(transaction=True)
def test_identical_concurrent_rebuilds_are_computed_once(monkeypatch):
    root = _nation("C", provinces=3, committees=2, cells=2)
    _rows(root)
    _move("C0-0-0", 1)
    _rows(root)
    _move("C0-1-1", 1)  # the root and C0 must be rebuilt; C0-1's part too
    builds = []
    real = rollups._part

    def slow_part(child, depth, term_id, today):
        builds.append(child.path)
        time.sleep(0.4)  # the others arrive while it computes
        return real(child, depth, term_id, today)

    monkeypatch.setattr(rollups, "_part", slow_part)
    barrier, results, errors = threading.Barrier(4), [], []

    def request():
        try:
            barrier.wait()
            results.append(sorted(_rows(root)))
        except Exception as exc:  # pragma: no cover - shown by the assertion below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=request) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert errors == []
    c0 = Organization.objects.get(code="C0")
    assert builds.count(c0.path) == 1  # the province's part: once, not four times
    assert len(results) == 4 and all(r == results[0] for r in results)
    assert len(results[0]) == 3 * (1 + 2 * 3)


@pytest.mark.django_db
def test_an_import_that_renames_an_organisation_shows_on_the_cached_roll_up():
    from apps.organizations.importing import import_organizations

    root = _nation("R", provinces=2, committees=1, cells=1)
    assert "Chi bộ 0" in {r[1] for r in _rows(root)}
    csv = (
        "code,parent_code,name,short_name,kind\nR0-0-0,R0-0,Chi bộ Đổi Tên,,cell_under_committee\n"
    )
    result = import_organizations(csv.encode(), "rename.csv")
    assert result.ok and result.updated == 1
    names = {r[2]: r[1] for r in _rows(root)}  # path → name
    renamed = Organization.objects.get(code="R0-0-0")
    assert names[renamed.path] == "Chi bộ Đổi Tên"
    assert names[Organization.objects.get(code="R1-0-0").path] == "Chi bộ 0"
