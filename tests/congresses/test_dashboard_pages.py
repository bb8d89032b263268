"""A page or an order of a dashboard asked for after a change reads the page stored by the
first request after that change, not the subtree's rows (issue 21, remainder): the same
queries for a small and a large tree and no roll-up read; what it shows is what sorting every
row shows, and the pages past the stored ones, the filters and the descending orders (sorted
from every row) continue them exactly."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from apps.congresses import dashboard_pages, selectors
from apps.congresses.models import Congress, Term
from apps.core import tree_versions
from apps.core.dates import local_today
from apps.organizations.models import Organization, Role
from tests.congresses.test_rollups import TERM, _move, _nation
from tests.factories import person

pytestmark = pytest.mark.django_db

ASKED = ("&page=2", "&sort=light", "&sort=pilot&page=3", "&sort=organization&page=2")


def _shown(response) -> list[int]:
    """The congresses of the table, in the order shown."""
    body = response.content.decode()
    table = body[body.index("<tbody>") : body.index("</tbody>")]
    return [int(pk) for pk in re.findall(r'href="/congresses/(\d+)/"', table)]


def _expected(viewer, root: Organization, sort: str, page: int) -> list[int]:
    """The page as sorting every row gives it."""
    rows = selectors.dashboard_rows(
        user=viewer, root=root, term=Term.objects.get(code=TERM), today=local_today()
    )
    ordered = sorted(rows, key=selectors._SORT_KEYS[sort.lstrip("-")], reverse=sort[0] == "-")
    size = dashboard_pages.PAGE_SIZE
    return [r[0] for r in ordered[(page - 1) * size : page * size]]


def _after_a_change(client, monkeypatch, code: str, provinces: int, committees: int):
    """The root's dashboard opened right after a change, then each of ASKED: their queries,
    and the roll-ups read for them (none expected)."""
    root = _nation(code, provinces, committees, cells=9)
    pilots = Congress.objects.filter(organization__path__startswith=root.path).order_by("pk")
    Congress.objects.filter(pk__in=list(pilots.values_list("pk", flat=True)[3::7])).update(
        is_pilot=True
    )
    tree_versions.renew([tree_versions.EVERYTHING])  # update() sends no signal
    viewer = person(root, Role.STANDING_MEMBER)
    client.force_login(viewer)
    url = f"/congresses/org/{code}/?term={TERM}"
    assert client.get(url).status_code == 200  # every part cached
    _move(f"{code}0-0-0", 1)
    first = client.get(url)  # rebuilt: stores the counts and the first pages of every order
    read: list[str] = []
    real = selectors.dashboard_rows

    def spy(**kwargs):
        read.append(kwargs["root"].code)
        return real(**kwargs)

    monkeypatch.setattr(selectors, "dashboard_rows", spy)
    queries = {}
    for asked in ASKED:
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url + asked)
        queries[asked] = len(ctx.captured_queries)
        assert read == [], asked  # no roll-up read: the counts and the page only
        sort = re.search(r"sort=([\w-]+)", asked)
        page = re.search(r"page=(\d+)", asked)
        assert _shown(response) == _expected(
            viewer,
            root,
            sort.group(1) if sort else "opening_date",
            int(page.group(1)) if page else 1,
        ), asked
        read.clear()  # _expected reads them
        assert response.content.decode().count(">★<") == sum(
            1 for pk in _shown(response) if Congress.objects.get(pk=pk).is_pilot
        )
    assert first.content.decode().count("card-body") == response.content.decode().count(
        "card-body"
    )  # the same counts above the table
    return queries, viewer, root, url


def test_a_page_or_an_order_after_a_change_costs_the_same_whatever_the_tree(client, monkeypatch):
    small, *_ = _after_a_change(client, monkeypatch, "S", provinces=2, committees=8)  # 162
    large, *_ = _after_a_change(client, monkeypatch, "L", provinces=6, committees=10)  # 606
    assert small == large, (small, large)


def test_pages_past_the_stored_ones_filters_and_descending_orders_continue_them(
    client, monkeypatch
):
    _queries, viewer, root, url = _after_a_change(
        client, monkeypatch, "C", provinces=6, committees=10
    )
    past = dashboard_pages.PAGES + 1  # rows 501-550 of 606: sorted from every row
    assert _shown(client.get(f"{url}&page={past}")) == _expected(viewer, root, "opening_date", past)
    assert _shown(client.get(f"{url}&sort=-light&page=2")) == _expected(viewer, root, "-light", 2)
    filtered = _shown(client.get(f"{url}&pilot=1"))
    assert filtered and all(Congress.objects.get(pk=pk).is_pilot for pk in filtered)


def test_a_viewer_who_sees_part_of_the_tree_gets_pages_of_their_part():
    """The stored pages are under the dashboard's key, which carries the viewer's scope."""
    root = _nation("P", provinces=2, committees=2, cells=2)
    province = Organization.objects.get(code="P1")
    term = Term.objects.get(code=TERM)
    today = local_today()
    central = person(root, Role.STANDING_MEMBER)
    provincial = person(province, Role.STANDING_MEMBER)
    for viewer in (central, provincial):
        selectors.subtree_dashboard(user=viewer, root=root, term=term, today=today)
    key = selectors.dashboard_key(user=provincial, root=root, term=term, today=today)
    counts = dashboard_pages.stored_counts(key)
    assert counts is not None and counts.total == 1 + 2 + 2 * 2  # P1, its committees and cells
    again = selectors.subtree_dashboard(user=provincial, root=root, term=term, today=today)
    codes = {Congress.objects.get(pk=r.pk).organization.code for r in again.rows[:50]}
    assert codes == {"P1", "P1-0", "P1-1", "P1-0-0", "P1-0-1", "P1-1-0", "P1-1-1"}


def test_the_cached_buttons_follow_the_organisations_own_congress(client):
    """The buttons above the table are cached with it (those waiting for the table do not read
    the organisation's own congress): scheduling it renews the organisation's version, and the
    button to schedule becomes the button to open it; a member who may not lead sees neither."""
    root = _nation("K", provinces=1, committees=1, cells=1)
    province = Organization.objects.get(code="K0")
    Congress.objects.filter(organization=province).delete()
    secretary = person(province, Role.SECRETARY)
    client.force_login(secretary)
    url = f"/congresses/org/{province.code}/?term={TERM}"
    first = client.get(url).content.decode()
    assert "Lập lịch đại hội" in first and "Đại hội của tổ chức này" not in first
    congress = Congress.objects.create(
        organization=province,
        term=Term.objects.get(code=TERM),
        ordinal="II",
        kind="delegates",
        opening_date=local_today(),
    )
    again = client.get(url).content.decode()
    assert f'href="/congresses/{congress.pk}/"' in again and "Lập lịch đại hội" not in again
    Congress.objects.filter(organization=root).delete()
    client.force_login(person(root, Role.MEMBER))
    member = client.get(f"/congresses/org/{root.code}/?term={TERM}")
    assert member.status_code == 200
    assert "Lập lịch đại hội" not in member.content.decode()
