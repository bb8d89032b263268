"""Congress pages: who may see and act, forms with Vietnamese errors, constant query counts."""

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from apps.congresses.models import Congress, Decision
from apps.organizations.models import OrganizationKind, Role
from tests.factories import (
    CongressFactory,
    OrganizationFactory,
    circulate_required,
    person,
    ready_for_report,
    term,
)

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture
def future_congress(tree):
    today = dt.date.today()
    congress = CongressFactory(
        organization=tree.qb, term=term("2025-2030"), opening_date=today + dt.timedelta(days=40)
    )
    ready_for_report(congress)
    return congress


def test_congress_page_shows_rules_timeline_and_reasons(client, tree, future_congress):
    client.force_login(tree.qb_secretary)
    page = client.get(f"/congresses/{future_congress.pk}/").content.decode()
    assert 'id="rule-R30"' in page and 'id="rule-R20"' in page and 'id="rule-RA"' in page
    assert "D-30" in page and "D-20" in page and "Khai mạc" in page
    # positions are CSS numbers, never localised ("23,5%" would stack every mark at the left)
    lefts = re.findall(r"left: ([^%]+)%", page)
    assert len(lefts) == 4 and all(re.fullmatch(r"\d+(\.\d+)?", x) for x in lefts)
    assert "Chưa đủ điều kiện khai mạc" in page
    assert "Chưa có ý kiến đồng ý của cấp ủy cấp trên." in page


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("qb_secretary", 200),
        ("qb_member", 200),
        ("central_standing", 200),
        ("ht_secretary", 404),
        ("ptm_secretary", 404),
        ("outsider", 404),
    ],
)
def test_congress_page_visibility(client, tree, future_congress, who, status):
    client.force_login(getattr(tree, who))
    response = client.get(f"/congresses/{future_congress.pk}/")
    assert response.status_code == status
    if status == 404:
        assert "Quảng Bình" not in response.content.decode()


def test_secretary_schedules_through_the_form(client, tree):
    client.force_login(tree.ptm_secretary)
    opening = dt.date.today() + dt.timedelta(days=60)
    response = client.post(
        "/congresses/org/QB-PTM/new/",
        {
            "term": term("2025-2030").pk,
            "ordinal": "XVI",
            "kind": "delegates",
            "opening_date": opening.strftime("%d/%m/%Y"),
            "days": 1,
            "place": "Hội trường",
        },
    )
    congress = Congress.objects.get(organization=tree.ptm)
    assert response.status_code == 302 and response["Location"] == f"/congresses/{congress.pk}/"
    assert congress.opening_date == opening


def test_schedule_form_errors_in_vietnamese_and_nothing_saved(client, tree):
    client.force_login(tree.ptm_secretary)
    response = client.post(
        "/congresses/org/QB-PTM/new/",
        {
            "term": term().pk,
            "ordinal": "",
            "kind": "delegates",
            "opening_date": "31/02/2020",
            "days": 0,
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Trường này là bắt buộc." in page
    assert "Nhập một ngày hợp lệ." in page
    assert "lớn hơn hoặc bằng" in page
    assert not Congress.objects.exists()


def test_schedule_refused_for_sibling_and_member(client, tree):
    for who, status in (("ht_secretary", 404), ("qb_member", 403)):
        client.force_login(getattr(tree, who))
        assert client.get("/congresses/org/QB/new/").status_code == status


def test_moving_the_date_warns_when_unlawful(client, tree, future_congress):
    client.force_login(tree.qb_secretary)
    soon = dt.date.today() + dt.timedelta(days=10)
    response = client.post(
        f"/congresses/{future_congress.pk}/edit/",
        {
            "ordinal": future_congress.ordinal,
            "kind": "delegates",
            "opening_date": soon.strftime("%d/%m/%Y"),
            "days": 1,
        },
        follow=True,
    )
    page = response.content.decode()
    assert "Ngày khai mạc sớm nhất hợp lệ" in page
    future_congress.refresh_from_db()
    assert future_congress.opening_date == soon


def test_open_button_refuses_with_reasons(client, tree, future_congress):
    client.force_login(tree.qb_secretary)
    page = client.post(f"/congresses/{future_congress.pk}/open/", follow=True).content.decode()
    assert "Chưa thể khai mạc đại hội." in page
    assert "Chưa đến ngày khai mạc" in page
    future_congress.refresh_from_db()
    assert future_congress.status == "planned"


def test_open_by_sibling_is_404_and_by_standing_member_403(client, tree, future_congress):
    client.force_login(tree.ht_secretary)
    assert client.post(f"/congresses/{future_congress.pk}/open/").status_code == 404
    client.force_login(tree.qb_standing)
    assert client.post(f"/congresses/{future_congress.pk}/open/").status_code == 403


def test_report_then_superior_decides_in_the_inbox(client, tree, future_congress):
    client.force_login(tree.qb_secretary)
    client.post(f"/congresses/{future_congress.pk}/report/", {"note": "Báo cáo"})
    report = future_congress.superior_reports.get()
    client.force_login(tree.central_standing)
    inbox = client.get("/congresses/inbox/").content.decode()
    assert "Đảng bộ Công an tỉnh Quảng Bình" in inbox and "40 ngày" in inbox
    response = client.post(
        f"/congresses/reports/{report.pk}/decide/", {"decision": "returned", "note": ""}
    )
    assert "Trả lại báo cáo cần ghi rõ ý kiến." in response.content.decode()
    client.post(
        f"/congresses/reports/{report.pk}/decide/", {"decision": "approved", "note": "Đồng ý"}
    )
    report.refresh_from_db()
    assert report.decision == Decision.APPROVED
    client.force_login(tree.ht_standing)
    assert "Quảng Bình" not in client.get("/congresses/inbox/").content.decode()


def test_backdated_report_by_secretary_refused_on_the_page(client, tree, future_congress):
    client.force_login(tree.qb_secretary)
    yesterday = (dt.date.today() - dt.timedelta(days=1)).strftime("%d/%m/%Y")
    page = client.post(
        f"/congresses/{future_congress.pk}/report/",
        {"official_date": yesterday, "reason": "giấy"},
        follow=True,
    ).content.decode()
    assert "Chỉ cán bộ văn phòng được ghi ngày văn bản trước ngày hôm nay." in page
    assert not future_congress.superior_reports.exists()


def test_dashboard_counts_and_filters(client, tree):
    t = term()
    CongressFactory(organization=tree.ptm, term=t, opening_date=D(2020, 4, 8), is_pilot=True)
    CongressFactory(organization=tree.ankt, term=t, opening_date=D(2020, 4, 14))
    client.force_login(tree.qb_standing)
    page = client.get("/congresses/org/QB/", {"term": "2020-2025"}).content.decode()
    assert "Đảng bộ Phòng Tham mưu" in page and "Chi bộ Phòng An ninh kinh tế" in page
    # On a phone each cell is labelled by its data-label: the rule in words, never its code.
    assert 'data-label="Báo cáo cấp trên"' in page and 'data-label="Cấp trên đồng ý"' in page
    assert not re.search(r'data-label="R(30|20|A)"', page)
    page = client.get("/congresses/org/QB/", {"term": "2020-2025", "pilot": "1"}).content.decode()
    assert "Đảng bộ Phòng Tham mưu" in page and "Chi bộ Phòng An ninh kinh tế" not in page
    client.force_login(tree.ht_secretary)
    assert client.get("/congresses/org/QB/").status_code == 404


def _province_with_congresses(n: int):
    from apps.organizations.bulk import NodeSpec, bulk_insert_tree

    root = OrganizationFactory(code=f"DB{n}", kind=OrganizationKind.ABOVE_GRASSROOTS)
    orgs = bulk_insert_tree(
        [
            NodeSpec(f"DB{n}-{i}", root.code, f"Chi bộ {i}", OrganizationKind.GRASSROOTS_CELL)
            for i in range(n)
        ]
    )
    t = term()
    congresses = Congress.objects.bulk_create(
        [
            Congress(
                organization=o,
                term=t,
                ordinal="I",
                opening_date=D(2020, 5, 1) + dt.timedelta(days=i % 90),
            )
            for i, o in enumerate(orgs)
        ]
    )
    for c in congresses[:3]:
        circulate_required(c, D(2020, 3, 1))
    root.refresh_from_db()
    return root


@pytest.mark.parametrize(
    "url",
    ["/congresses/org/{code}/?term=2020-2025", "/congresses/org/{code}/calendar/?month=2020-5"],
)
def test_dashboard_and_calendar_query_counts_do_not_grow(client, url):
    counts = []
    for n in (10, 300):
        root = _province_with_congresses(n)
        client.force_login(person(root, Role.STANDING_MEMBER))
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url.format(code=root.code)).status_code == 200
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1], counts


def test_ics_feed_is_private_and_permission_checked(client, tree, future_congress):
    client.force_login(tree.qb_secretary)
    page = client.get("/congresses/org/QB/calendar/").content.decode()
    url = page.split("<code>")[1].split("</code>")[0].replace("http://testserver", "")
    client.logout()
    feed = client.get(url)
    assert feed.status_code == 200 and feed["Content-Type"].startswith("text/calendar")
    body = feed.content.decode()
    assert (
        "BEGIN:VEVENT" in body
        and f"DTSTART;VALUE=DATE:{future_congress.opening_date:%Y%m%d}" in body
    )
    assert client.get(url.replace("/QB/", "/HT/")).status_code == 404
    assert client.get(url[:-10] + "tampered.ics").status_code == 404
    from apps.organizations.models import Membership

    for membership in Membership.objects.filter(user=tree.qb_secretary):
        membership.end_date = D(2020, 1, 1)
        membership.save()  # as every product path does (a queryset update sends no signal)
    assert client.get(url).status_code == 404  # an ended role ends the feed too


def test_cached_dashboard_follows_every_change(client, tree):
    """The dashboard's traffic lights are cached; a change through a service or a plain model
    save (as the admin does) shows at once, and users who see less never get a bigger view."""
    today = dt.date.today()
    congress = CongressFactory(
        organization=tree.ptm, term=term("2025-2030"), opening_date=today + dt.timedelta(days=10)
    )
    client.force_login(tree.qb_standing)
    url = "/congresses/org/QB/?term=2025-2030"

    def table() -> str:
        return client.get(url).content.decode().split('id="congress-table"')[1]

    assert "Quá hạn" in table()  # R30's deadline passed
    with CaptureQueriesContext(connection) as ctx:
        client.get(url)
    cached_queries = len(ctx.captured_queries)
    circulate_required(congress, today - dt.timedelta(days=5))  # after the deadline: done late
    assert "Thực hiện muộn" in table()
    Congress.objects.filter(pk=congress.pk).update(opening_date=today + dt.timedelta(days=90))
    congress.refresh_from_db()
    congress.save()  # what the admin does: a model save
    assert "Thực hiện muộn" not in table()
    other = CongressFactory(
        organization=tree.ankt, term=term("2025-2030"), opening_date=today + dt.timedelta(days=40)
    )
    client.force_login(tree.ptm_secretary)
    page = client.get("/congresses/org/QB-PTM/?term=2025-2030")
    assert page.status_code == 200 and "Chi bộ Phòng An ninh kinh tế" not in page.content.decode()
    assert other.pk and cached_queries < 20


def test_the_timeline_names_its_marks_from_the_congress_rule_set(client, tree, future_congress):
    rule_set = future_congress.term.rule_set
    rule_set.r30_days, rule_set.r20_days = 35, 21
    rule_set.save()
    client.force_login(tree.qb_secretary)
    page = client.get(f"/congresses/{future_congress.pk}/").content.decode()
    timeline = page[page.index('class="timeline') :]
    assert "D-35" in timeline and "D-21" in timeline
    assert "D-30" not in timeline and "D-20" not in timeline
    deadline = future_congress.opening_date - dt.timedelta(days=35)
    assert deadline.strftime("%d/%m/%Y") in timeline
