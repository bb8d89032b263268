import pytest
from django.test import Client

from apps.organizations.models import OrganizationKind, Role
from tests.factories import OrganizationFactory, UserFactory, person, term
from tests.second_factor import force_login_both_steps

# Client.force_login signs in with both steps (password and second factor); see
# tests/second_factor.py for how tests of the second step itself sign in.
Client.force_login = force_login_both_steps  # type: ignore[method-assign]


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    """Uploaded and generated files go to a fresh folder per test."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def vietnamese_first():
    """Each test starts in the site's language. A request through the test client activates the
    language it asked for in this thread and leaves it there (as the middleware does for every
    request), so an earlier test's English request would otherwise word a later test's refusals
    in English."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with no cached dashboards (the cache outlives a test's transaction)."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def migrated_data(request):
    """Every database test meets the rows the data migrations wrote (the terms and their rule sets).

    A transactional test (the browser journeys, the concurrency tests) ends by flushing every
    table, these rows too, and pytest's grouping of parametrised tests can run such a test before
    ordinary ones; without this, a test's outcome would depend on the order the suite runs in.
    Inside an ordinary test the rows put back roll back with it, so each costs one query.
    """
    names = set(request.fixturenames)
    marker = request.node.get_closest_marker("django_db")
    if not marker and not names & {"db", "transactional_db", "live_server"}:
        yield
        return
    if marker is None:
        request.getfixturevalue("transactional_db" if "transactional_db" in names else "db")
    term("2020-2025")  # re-runs the data migration when the terms are gone
    yield


@pytest.fixture
def tree(db):
    """Central → two provinces → committees and cells, with people in every role that matters.

    Named like the demo: QB (Quảng Bình) with a grassroots committee PTM and its cell, a cell
    ANKT; HT (Hà Tĩnh) as the sibling province.
    """

    class Tree:
        pass

    t = Tree()
    t.central = OrganizationFactory(
        code="CATW", name="Đảng ủy Công an Trung ương", kind=OrganizationKind.CENTRAL
    )
    t.qb = OrganizationFactory(
        parent=t.central,
        code="QB",
        name="Đảng bộ Công an tỉnh Quảng Bình",
        kind=OrganizationKind.ABOVE_GRASSROOTS,
    )
    t.ht = OrganizationFactory(
        parent=t.central,
        code="HT",
        name="Đảng bộ Công an tỉnh Hà Tĩnh",
        kind=OrganizationKind.ABOVE_GRASSROOTS,
    )
    t.ptm = OrganizationFactory(
        parent=t.qb,
        code="QB-PTM",
        name="Đảng bộ Phòng Tham mưu",
        kind=OrganizationKind.GRASSROOTS_COMMITTEE,
    )
    t.ptm_cell = OrganizationFactory(
        parent=t.ptm,
        code="QB-PTM-TH",
        name="Chi bộ Đội Tổng hợp",
        kind=OrganizationKind.CELL_UNDER_COMMITTEE,
    )
    t.ankt = OrganizationFactory(
        parent=t.qb,
        code="QB-ANKT",
        name="Chi bộ Phòng An ninh kinh tế",
        kind=OrganizationKind.GRASSROOTS_CELL,
    )
    t.ht_ptm = OrganizationFactory(
        parent=t.ht,
        code="HT-PTM",
        name="Đảng bộ Phòng Tham mưu Hà Tĩnh",
        kind=OrganizationKind.GRASSROOTS_COMMITTEE,
    )
    for org in (t.central, t.qb, t.ht, t.ptm):
        org.refresh_from_db()
    t.central_standing = person(t.central, Role.STANDING_MEMBER, user__username="btv.catw")
    t.qb_secretary = person(t.qb, Role.SECRETARY, user__username="bithu.qb")
    t.qb_standing = person(t.qb, Role.STANDING_MEMBER, user__username="btv.qb")
    t.qb_committee = person(t.qb, Role.COMMITTEE_MEMBER, user__username="capuy.qb")
    t.qb_officer = person(t.qb, Role.OFFICE_OFFICER, user__username="vanphong.qb")
    t.qb_member = person(t.qb, Role.MEMBER, user__username="dangvien.qb")
    t.ptm_secretary = person(t.ptm, Role.SECRETARY, user__username="bithu.ptm")
    t.ptm_standing = person(t.ptm, Role.STANDING_MEMBER, user__username="btv.ptm")
    t.ankt_secretary = person(t.ankt, Role.SECRETARY, user__username="bithu.ankt")
    t.ht_secretary = person(t.ht, Role.SECRETARY, user__username="bithu.ht")
    t.ht_standing = person(t.ht, Role.STANDING_MEMBER, user__username="btv.ht")
    t.outsider = UserFactory(username="outsider")
    return t


@pytest.fixture
def admin_user(db):
    return UserFactory(username="root", is_superuser=True, is_staff=True)


@pytest.fixture(autouse=True, scope="session")
def views_imported_before_any_clock_is_frozen():
    """Import every view module (through the URLconf) before a test freezes the clock.

    DRF's SimpleRateThrottle keeps `timer = time.time` as a class attribute: imported for the
    first time inside freezegun's freeze_time, it keeps freezegun's fake function for the rest
    of the run, and every throttled API request after that fails with a TypeError. Which test
    first loads the URLconf depends on the order the suite runs in.
    """
    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018  (the import is the point)


@pytest.fixture
def own_redis(tmp_path):
    """A redis-server of the test's own (tests/redis_server.py), which the test may stop."""
    from tests.redis_server import RedisServer

    server = RedisServer(tmp_path)
    server.start()
    yield server
    server.stop()
