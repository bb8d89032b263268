"""Every list of the API costs the same number of queries at page size 20 and at 200 (issue 21.4):
the rows of a page come with what they show (parent code, organisation, term, author) in the
same statements, never one query per row or per distinct parent.

The data spreads the rows over many parents, organisations and authors on purpose: a list that
looks up one of those per distinct value grows with the page here. A last test fails when a new
list endpoint is added to the API without being counted here."""

import datetime as dt

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone
from rest_framework.mixins import ListModelMixin
from rest_framework.test import APIClient

from apps.accounts.models import User
from apps.attendance.models import Attendance, AttendanceStatus, CheckInMethod
from apps.congresses.models import Congress
from apps.delegates.models import Delegate, DelegateKind, DelegateStatus
from apps.documents.models import Circulation, Comment, DraftDocument, DraftRound
from apps.organizations.bulk import NodeSpec, bulk_insert_tree
from apps.organizations.models import Organization, OrganizationKind, Role
from apps.organizations.services import ensure_role_groups
from tests.factories import CongressFactory, OrganizationFactory, person, term

pytestmark = pytest.mark.django_db

PARENTS = 12
CHILDREN = 19  # 12 parents x 19 children + the parents + the province: 241 organisations


@pytest.fixture
def wide(db):
    """A province with 12 committees of 19 cells each, a congress in every one of them, and a
    round with a comment from each cell by a different author."""

    class Wide:
        pass

    w = Wide()
    w.province = OrganizationFactory(code="WIDE", kind=OrganizationKind.ABOVE_GRASSROOTS)
    w.viewer = person(w.province, Role.STANDING_MEMBER)
    the_term = term("2025-2030")
    specs = []
    for p in range(PARENTS):
        specs.append(
            NodeSpec(
                f"W{p:02d}", "WIDE", f"Đảng bộ W{p:02d}", OrganizationKind.GRASSROOTS_COMMITTEE
            )
        )
        specs += [
            NodeSpec(
                f"W{p:02d}-{c:02d}", f"W{p:02d}", f"Chi bộ {c}", OrganizationKind.GRASSROOTS_CELL
            )
            for c in range(CHILDREN)
        ]
    bulk_insert_tree(specs)  # the importer's path: 240 nodes in a few statements
    cells = list(Organization.objects.filter(depth=3, code__startswith="W").order_by("path"))
    ensure_role_groups(cells)
    w.congress = CongressFactory(organization=w.province, term=the_term)
    Congress.objects.bulk_create(
        Congress(
            organization=cell,
            term=the_term,
            ordinal="I",
            kind="delegates",
            opening_date=dt.date(2026, 6, 1),
        )
        for cell in cells
    )
    doc = DraftDocument.objects.create(congress=w.congress, kind="political_report")
    w.round = DraftRound.objects.create(
        document=doc, number=1, body="Dự thảo", submitted_by=w.viewer
    )
    circulation = Circulation.objects.create(
        round=w.round,
        official_date=dt.date(2026, 1, 5),
        comment_deadline=dt.date(2026, 1, 20),
        to_subordinates=True,
        entered_by=w.viewer,
    )
    authors = User.objects.bulk_create(
        User(username=f"wide{i}", full_name=f"Người góp ý {i}") for i in range(len(cells))
    )
    Comment.objects.bulk_create(
        Comment(
            round=w.round,
            circulation=circulation,
            organization=cell,
            author=author,
            text=f"Góp ý của {cell.code}",
        )
        for cell, author in zip(cells, authors, strict=True)
    )
    # The province's congress day: a delegate from every cell, every other one checked in by
    # a different officer (the row shows the source and the record).
    delegates = Delegate.objects.bulk_create(
        Delegate(
            congress=w.congress,
            source=cell,
            full_name=f"Đại biểu {cell.code}",
            kind=DelegateKind.ELECTED,
            status=DelegateStatus.OFFICIAL,
        )
        for cell in cells
    )
    Attendance.objects.bulk_create(
        Attendance(
            congress=w.congress,
            delegate=delegate,
            status=AttendanceStatus.PRESENT,
            method=CheckInMethod.TYPED,
            checked_in_at=timezone.now(),
            checked_in_by=author,
        )
        for delegate, author in list(zip(delegates, authors, strict=True))[::2]
    )
    return w


def _list(viewer, url, size):
    """The queries of one cold request (the user's cached scope cleared) and its body."""
    cache.clear()
    client = APIClient()
    client.force_authenticate(User.objects.get(pk=viewer.pk))
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, {"page_size": size})
    assert response.status_code == 200, response.content
    return len(ctx.captured_queries), response.json()


LISTS = {
    "organization-list": lambda w: "/api/v1/organizations/",
    "congress-list": lambda w: "/api/v1/congresses/",
    "api-comments": lambda w: f"/api/v1/rounds/{w.round.pk}/comments/",
    "api-attendance": lambda w: f"/api/v1/congresses/{w.congress.pk}/attendance/",
}


@pytest.mark.parametrize("name", sorted(LISTS))
def test_every_list_costs_the_same_queries_at_20_and_200_rows(wide, name):
    url = LISTS[name](wide)
    small, small_body = _list(wide.viewer, url, 20)
    large, large_body = _list(wide.viewer, url, 200)
    assert len(small_body["results"]) == 20 and len(large_body["results"]) == 200
    assert small == large, (name, small, large)
    assert small <= 12, (name, small)  # a handful: auth, scope, count, page (+ the round)


def test_the_organisation_list_names_every_parent_from_the_same_query(wide):
    _queries, body = _list(wide.viewer, "/api/v1/organizations/", 200)
    rows = {o["code"]: o["parent"] for o in body["results"]}
    assert rows["WIDE"] is None  # the province is a root here
    assert rows["W00"] == "WIDE"
    assert {rows[f"W{p:02d}-00"] for p in range(9)} == {f"W{p:02d}" for p in range(9)}
    one = _list(wide.viewer, "/api/v1/organizations/W03-07/", 1)[1]
    assert one["code"] == "W03-07" and one["parent"] == "W03"  # the detail is annotated too


def test_the_congress_and_comment_lists_show_their_related_codes(wide):
    _queries, congresses = _list(wide.viewer, "/api/v1/congresses/", 200)
    assert {c["term"] for c in congresses["results"]} == {"2025-2030"}
    assert {c["organization"] for c in congresses["results"]} >= {"W00-00", "W05-18"}
    _queries, comments = _list(wide.viewer, f"/api/v1/rounds/{wide.round.pk}/comments/", 200)
    first = comments["results"][0]
    assert first["organization"] == "W00-00" and first["author"] == "wide0"


def _list_routes(resolver=None, prefix=""):
    """(route name, view class) of every list endpoint under /api/."""
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            yield from _list_routes(entry, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern) and prefix.startswith("api/"):
            cls = getattr(entry.callback, "cls", None)
            actions = getattr(entry.callback, "actions", None) or {}
            is_list = actions.get("get") == "list" or (
                not actions and cls is not None and issubclass(cls, ListModelMixin)
            )
            if is_list and not str(entry.pattern).endswith("\\.(?P<format>[a-z0-9]+)/?$"):
                yield entry.name


def test_the_attendance_list_is_paged_with_the_whole_days_counts_beside_each_page(wide):
    """A page of the delegates, in the list's order, each with its source and record; the
    counts are those of the whole list, on every page."""
    _queries, first = _list(wide.viewer, LISTS["api-attendance"](wide), 20)
    assert first["count"] == first["summoned"] == PARENTS * CHILDREN
    assert first["present"] == PARENTS * CHILDREN // 2 and first["excused"] == 0
    assert first["not_arrived"] == PARENTS * CHILDREN // 2 and first["next"]
    rows = first["results"]
    assert [r["delegate"]["delegation"] for r in rows[:2]] == ["Chi bộ 0", "Chi bộ 1"]
    assert [r["status"] for r in rows[:2]] == ["present", "waiting"]
    assert rows[0]["checked_in_at"] and rows[1]["checked_in_at"] is None
    client = APIClient()
    client.force_authenticate(User.objects.get(pk=wide.viewer.pk))
    url = LISTS["api-attendance"](wide)
    last = client.get(url, {"page_size": 20, "page": 12}).json()
    assert last["summoned"] == first["summoned"] and last["next"] is None
    assert len(last["results"]) == PARENTS * CHILDREN - 11 * 20
    seen = {r["delegate"]["id"] for r in rows} | {r["delegate"]["id"] for r in last["results"]}
    assert len(seen) == 20 + len(last["results"])  # the pages do not overlap


def test_every_list_endpoint_of_the_api_is_counted_here():
    assert set(_list_routes()) == set(LISTS)


def test_the_totals_of_the_fact_lists_are_cached_until_the_facts_change(wide):
    """The second page of the congress list does not count the congresses again; a congress
    scheduled (a fact: the version moves) is counted at once."""
    client = APIClient()
    client.force_authenticate(User.objects.get(pk=wide.viewer.pk))
    first = client.get("/api/v1/congresses/", {"page_size": 20}).json()
    with CaptureQueriesContext(connection) as ctx:
        second = client.get("/api/v1/congresses/", {"page_size": 20, "page": 2}).json()
    assert first["count"] == second["count"] == 1 + PARENTS * CHILDREN
    assert not [q for q in ctx.captured_queries if "COUNT(" in q["sql"].upper()]
    CongressFactory(
        organization=Organization.objects.get(code="W00"),
        term=term("2025-2030"),
        opening_date=dt.date(2026, 7, 1),
    )
    third = client.get("/api/v1/congresses/", {"page_size": 20, "page": 2}).json()
    assert third["count"] == first["count"] + 1
    # Another viewer (a cell's member) gets their own total, not the province's.
    member = person(Organization.objects.get(code="W00-00"), Role.MEMBER)
    client.force_authenticate(member)
    assert client.get("/api/v1/congresses/").json()["count"] == 1
