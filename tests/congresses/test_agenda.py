"""The calendar's openings and rule deadlines, on the page and in the ICS feed (issue 19.5)."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from apps.organizations.models import OrganizationKind, Role
from tests.factories import CongressFactory, OrganizationFactory, person, term

pytestmark = pytest.mark.django_db
D = dt.date


def _ics_url(client, code: str) -> str:
    page = client.get(f"/congresses/org/{code}/calendar/").content.decode()
    return page.split("<code>")[1].split("</code>")[0].replace("http://testserver", "")


def test_month_shows_openings_and_each_rules_deadline_by_the_rule_set(client, tree):
    rules = term("2020-2025").rule_set
    ptm = CongressFactory(organization=tree.ptm, opening_date=D(2020, 7, 10))
    CongressFactory(organization=tree.ht_ptm, opening_date=D(2020, 7, 10))  # another province
    client.force_login(tree.qb_secretary)

    june = client.get("/congresses/org/QB/calendar/?month=2020-6").content.decode()
    r30_day = ptm.opening_date - dt.timedelta(days=rules.r30_days)  # 10/06/2020
    r20_day = ptm.opening_date - dt.timedelta(days=rules.r20_days)  # 20/06/2020
    assert f"D-{rules.r30_days}</strong> Đảng bộ Phòng Tham mưu" in june
    assert f"D-{rules.r20_days}</strong> Đảng bộ Phòng Tham mưu" in june
    cells = june.split("<td")
    assert any(f"{r30_day:%d/%m}</div>" in c and f"D-{rules.r30_days}" in c for c in cells)
    assert any(f"{r20_day:%d/%m}</div>" in c and f"D-{rules.r20_days}" in c for c in cells)
    assert "Hà Tĩnh" not in june and "Khai mạc</strong>" not in june

    july = client.get("/congresses/org/QB/calendar/?month=2020-7").content.decode()
    assert "Khai mạc</strong>: Đảng bộ Phòng Tham mưu" in july
    assert "D-" + str(rules.r30_days) + "</strong>" not in july

    rules.r30_days = 35
    rules.save()
    june = client.get("/congresses/org/QB/calendar/?month=2020-6").content.decode()
    assert "D-35</strong> Đảng bộ Phòng Tham mưu" in june  # 05/06/2020, from the rule set
    assert any("05/06</div>" in c and "D-35" in c for c in june.split("<td"))


def test_a_cell_has_no_circulation_deadline(client, tree):
    CongressFactory(organization=tree.ankt, opening_date=D(2020, 7, 10))
    client.force_login(tree.qb_secretary)
    june = client.get("/congresses/org/QB/calendar/?month=2020-6").content.decode()
    assert "D-20</strong> Chi bộ Phòng An ninh kinh tế" in june
    assert "D-30</strong> Chi bộ Phòng An ninh kinh tế" not in june  # R30: not applicable


def test_ics_carries_the_same_deadlines(client, tree):
    rules = term("2020-2025").rule_set
    ptm = CongressFactory(organization=tree.ptm, opening_date=D(2020, 7, 10))
    client.force_login(tree.qb_secretary)
    url = _ics_url(client, "QB")
    client.logout()
    body = client.get(url).content.decode()
    events = body.split("BEGIN:VEVENT")[1:]
    r30 = next(e for e in events if f"UID:congress-{ptm.pk}-r30@" in e)
    r20 = next(e for e in events if f"UID:congress-{ptm.pk}-r20@" in e)
    opening = next(e for e in events if f"UID:congress-{ptm.pk}@" in e)
    day30 = ptm.opening_date - dt.timedelta(days=rules.r30_days)
    day20 = ptm.opening_date - dt.timedelta(days=rules.r20_days)
    assert f"DTSTART;VALUE=DATE:{day30:%Y%m%d}" in r30 and f"D-{rules.r30_days}:" in r30
    assert f"DTSTART;VALUE=DATE:{day20:%Y%m%d}" in r20 and f"D-{rules.r20_days}:" in r20
    assert f"DTSTART;VALUE=DATE:{ptm.opening_date:%Y%m%d}" in opening


def test_calendar_queries_do_not_grow_with_congresses(client, tree):
    counts = []
    for n in (3, 40):
        root = OrganizationFactory(parent=tree.central, kind=OrganizationKind.ABOVE_GRASSROOTS)
        for i in range(n):
            org = OrganizationFactory(parent=root, kind=OrganizationKind.GRASSROOTS_COMMITTEE)
            CongressFactory(organization=org, opening_date=D(2020, 7, 1 + i % 10))
        client.force_login(person(root, Role.STANDING_MEMBER))
        with CaptureQueriesContext(connection) as ctx:
            page = client.get(f"/congresses/org/{root.code}/calendar/?month=2020-6")
        assert page.content.decode().count("event deadline") == n  # R20 (no cells: no R30)
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1], counts
