"""The rules of apps/congresses/rules.py: pure boundaries, then each rule refused (and allowed)
through every door that reaches it — the web form, the API, the importer, the service."""

import datetime as dt

import pytest
from freezegun import freeze_time
from rest_framework import throttling  # noqa: F401  (its class timers bound before freezing)
from rest_framework.test import APIClient

from apps.audit.models import AuditEvent
from apps.congresses import services
from apps.congresses.importing import import_congresses
from apps.congresses.models import Congress, CongressStatus
from apps.congresses.rules import (
    CommitteeSize,
    first_meeting_refusals,
    opening_date_refusals,
    opening_day_refusals,
)
from apps.core.errors import DomainError
from tests.factories import CongressFactory, term

D = dt.date
HEADER = "organization_code,term,ordinal,kind,opening_date,days,place,is_pilot\n"
# 10/03/2026 00:30 in Hà Nội is still 09/03/2026 in UTC: the rule reads the local date.
JUST_AFTER_LOCAL_MIDNIGHT = "2026-03-09 17:30:00+00:00"
JUST_BEFORE_LOCAL_MIDNIGHT = "2026-03-09 16:59:00+00:00"  # 09/03/2026 23:59 in Hà Nội


# --- pure boundaries ----------------------------------------------------------------------------


def test_opening_date_today_is_allowed_yesterday_refused():
    today = D(2026, 3, 10)
    assert opening_date_refusals(today, today=today) == []
    assert opening_date_refusals(D(2026, 3, 11), today=today) == []
    assert opening_date_refusals(D(2026, 3, 9), today=today) == [
        "Ngày khai mạc không được ở quá khứ (09/03/2026, hôm nay là 10/03/2026)."
    ]


def test_a_past_date_left_as_it_is_is_not_a_move():
    assert (
        opening_date_refusals(D(2020, 6, 30), today=D(2026, 3, 10), previous=D(2020, 6, 30)) == []
    )
    assert opening_date_refusals(D(2020, 7, 1), today=D(2026, 3, 10), previous=D(2020, 6, 30))


def test_opening_day_boundary():
    assert opening_day_refusals(D(2020, 6, 30), today=D(2020, 6, 29)) == [
        "Chưa đến ngày khai mạc (30/06/2020)."
    ]
    assert opening_day_refusals(D(2020, 6, 30), today=D(2020, 6, 30)) == []
    assert opening_day_refusals(D(2020, 6, 30), today=D(2020, 7, 1)) == []


SIZE = CommitteeSize(seats=15, standing_seats=5, deputy_posts=2, inspection_seats=3)


MEETING, TODAY = D(2020, 7, 29), D(2020, 7, 30)


def _meeting(posts, *, meeting=MEETING, size=SIZE, today=TODAY):
    return first_meeting_refusals(
        meeting_date=meeting, opening_date=D(2020, 7, 28), today=today, posts=posts, size=size
    )


def test_first_meeting_date_between_the_opening_and_today():
    posts = ["secretary"]
    assert _meeting(posts, meeting=D(2020, 7, 28)) == []  # the opening day itself
    assert _meeting(posts, meeting=D(2020, 7, 27)) == [
        "Ngày hội nghị lần thứ nhất không được trước ngày khai mạc đại hội (28/07/2020)."
    ]
    assert _meeting(posts, meeting=D(2020, 7, 30)) == []  # today
    assert _meeting(posts, meeting=D(2020, 7, 31)) == [
        "Ngày hội nghị lần thứ nhất không được sau ngày hôm nay."
    ]


def test_first_meeting_posts_within_the_plans_seats():
    full = ["secretary", "deputy", "deputy", "standing", "standing"]  # 5 = standing seats
    assert _meeting(full + ["inspection"] * 3 + ["committee"] * 5) == []
    assert _meeting([*full, "standing"]) == [
        "Ban Thường vụ (6 người, kể cả Bí thư, Phó Bí thư) vượt số trong phương án (5)."
    ]
    assert _meeting(["secretary", "deputy", "deputy", "deputy"]) == [
        "Số Phó Bí thư (3) vượt số trong phương án nhân sự (2)."
    ]
    assert _meeting(["secretary"] + ["inspection"] * 4) == [
        "Số Ủy viên Ủy ban Kiểm tra (4) vượt số trong phương án nhân sự (3)."
    ]
    assert _meeting(["deputy"]) == ["Hội nghị lần thứ nhất phải bầu đúng một Bí thư."]
    assert _meeting(["secretary", "secretary"]) == [
        "Hội nghị lần thứ nhất phải bầu đúng một Bí thư."
    ]
    cell = CommitteeSize(seats=3, standing_seats=0, deputy_posts=1, inspection_seats=0)
    assert _meeting(["secretary", "deputy"], size=cell) == []
    assert _meeting(["secretary", "standing"], size=cell) == [
        "Phương án nhân sự không có Ban Thường vụ; không bầu Ủy viên Ban Thường vụ."
    ]


# --- scheduling in the past, through every door -------------------------------------------------


def _form(opening: dt.date, t) -> dict:
    return {
        "term": t.pk,
        "ordinal": "XVI",
        "kind": "delegates",
        "opening_date": opening.strftime("%d/%m/%Y"),
        "days": 1,
        "place": "Hội trường",
    }


@pytest.mark.django_db
def test_web_form_refuses_yesterday_in_ho_chi_minh_and_saves_nothing(client, tree):
    t = term("2025-2030")
    client.force_login(tree.ptm_secretary)
    with freeze_time(JUST_AFTER_LOCAL_MIDNIGHT):
        response = client.post("/congresses/org/QB-PTM/new/", _form(D(2026, 3, 9), t))
        page = response.content.decode()
        assert response.status_code == 200
        assert "Ngày khai mạc không được ở quá khứ (09/03/2026, hôm nay là 10/03/2026)." in page
        assert not Congress.objects.exists()
        assert not AuditEvent.objects.filter(verb="congress.schedule").exists()
        response = client.post("/congresses/org/QB-PTM/new/", _form(D(2026, 3, 10), t))
    assert response.status_code == 302
    assert Congress.objects.get(organization=tree.ptm).opening_date == D(2026, 3, 10)


@pytest.mark.django_db
def test_web_form_before_local_midnight_still_allows_that_day(client, tree):
    t = term("2025-2030")
    client.force_login(tree.ptm_secretary)
    with freeze_time(JUST_BEFORE_LOCAL_MIDNIGHT):
        response = client.post("/congresses/org/QB-PTM/new/", _form(D(2026, 3, 9), t))
    assert response.status_code == 302
    assert Congress.objects.get(organization=tree.ptm).opening_date == D(2026, 3, 9)


@pytest.mark.django_db
def test_web_edit_and_postpone_refuse_a_past_date(client, tree):
    congress = CongressFactory(
        organization=tree.qb, term=term("2025-2030"), opening_date=D(2026, 5, 1)
    )
    client.force_login(tree.qb_secretary)
    with freeze_time(JUST_AFTER_LOCAL_MIDNIGHT):
        edit = client.post(
            f"/congresses/{congress.pk}/edit/",
            {
                "ordinal": congress.ordinal,
                "kind": "delegates",
                "opening_date": "09/03/2026",
                "days": 1,
            },
        )
        postpone = client.post(
            f"/congresses/{congress.pk}/postpone/", {"new_date": "09/03/2026", "reason": "Dời"}
        )
    for response in (edit, postpone):
        assert response.status_code == 200
        assert "Ngày khai mạc không được ở quá khứ" in response.content.decode()
    congress.refresh_from_db()
    assert congress.opening_date == D(2026, 5, 1) and congress.status == CongressStatus.PLANNED
    assert not AuditEvent.objects.filter(verb__in=["congress.update", "congress.postpone"]).exists()


@pytest.mark.django_db
def test_web_edit_of_a_past_congress_keeps_its_date(client, tree):
    """Editing the place of a congress whose date has passed is not moving it into the past."""
    congress = CongressFactory(
        organization=tree.qb, term=term("2025-2030"), opening_date=D(2026, 3, 1)
    )
    client.force_login(tree.qb_secretary)
    with freeze_time(JUST_AFTER_LOCAL_MIDNIGHT):
        response = client.post(
            f"/congresses/{congress.pk}/edit/",
            {
                "ordinal": congress.ordinal,
                "kind": "delegates",
                "opening_date": "01/03/2026",
                "days": 1,
                "place": "Hội trường mới",
            },
        )
    assert response.status_code == 302
    congress.refresh_from_db()
    assert congress.place == "Hội trường mới" and congress.opening_date == D(2026, 3, 1)


def _api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.mark.django_db
def test_api_refuses_scheduling_and_moving_into_the_past(tree):
    term("2025-2030")
    payload = {"organization": "QB-PTM", "term": "2025-2030", "ordinal": "XVI", "kind": "delegates"}
    client = _api(tree.ptm_secretary)
    with freeze_time(JUST_AFTER_LOCAL_MIDNIGHT):
        refused = client.post(
            "/api/v1/congresses/", {**payload, "opening_date": "2026-03-09"}, format="json"
        )
        assert refused.status_code == 400
        assert refused.json() == {
            "opening_date": [
                "Ngày khai mạc không được ở quá khứ (09/03/2026, hôm nay là 10/03/2026)."
            ]
        }
        assert not Congress.objects.exists()
        created = client.post(
            "/api/v1/congresses/", {**payload, "opening_date": "2026-03-10"}, format="json"
        )
        assert created.status_code == 201, created.json()
        pk = created.json()["id"]
        moved = client.patch(
            f"/api/v1/congresses/{pk}/", {"opening_date": "2026-03-09"}, format="json"
        )
        assert moved.status_code == 400 and "opening_date" in moved.json()
    assert Congress.objects.get(pk=pk).opening_date == D(2026, 3, 10)
    assert AuditEvent.objects.filter(verb="congress.update").count() == 0


@pytest.mark.django_db
def test_importer_refuses_a_past_date_per_row_and_saves_nothing(tree):
    term("2025-2030")
    data = (
        HEADER
        + "QB-PTM,2025-2030,XVI,delegates,10/03/2026,1,,false\n"
        + "QB-ANKT,2025-2030,XIII,all-member,09/03/2026,1,,false\n"
    ).encode()
    with freeze_time(JUST_AFTER_LOCAL_MIDNIGHT):
        result = import_congresses(data, "c.csv", actor=tree.qb_officer)
    assert [str(e) for e in result.errors] == [
        "Dòng 3, cột opening_date: Ngày khai mạc không được ở quá khứ "
        "(09/03/2026, hôm nay là 10/03/2026)."
    ]
    assert not Congress.objects.exists()
    with freeze_time(JUST_BEFORE_LOCAL_MIDNIGHT):  # the same file a minute earlier, local time
        assert import_congresses(data, "c.csv", actor=tree.qb_officer).created == 2


@pytest.mark.django_db
def test_importer_leaves_a_stored_past_date_but_refuses_moving_one(tree):
    t = term("2025-2030")
    CongressFactory(organization=tree.ptm, term=t, ordinal="XVI", opening_date=D(2026, 3, 1))
    same = (HEADER + "QB-PTM,2025-2030,XVI,delegates,01/03/2026,1,Hội trường,false\n").encode()
    moved = (HEADER + "QB-PTM,2025-2030,XVI,delegates,02/03/2026,1,,false\n").encode()
    with freeze_time(JUST_AFTER_LOCAL_MIDNIGHT):
        assert import_congresses(same, "c.csv", actor=tree.qb_officer).updated == 1
        refused = import_congresses(moved, "c.csv", actor=tree.qb_officer)
    assert [e.column for e in refused.errors] == ["opening_date"]
    congress = Congress.objects.get(organization=tree.ptm)
    assert congress.opening_date == D(2026, 3, 1) and congress.place == "Hội trường"


@pytest.mark.django_db
def test_service_refuses_every_caller_alike(tree):
    t = term("2025-2030")
    with pytest.raises(DomainError) as refused:
        services.congress_schedule(
            actor=tree.ptm_secretary,
            organization=tree.ptm,
            term=t,
            ordinal="XVI",
            opening_date=D(2026, 3, 9),
            kind="delegates",
            today=D(2026, 3, 10),
        )
    assert refused.value.field == "opening_date"
    assert not Congress.objects.exists()


@pytest.mark.django_db
def test_the_home_offers_opening_from_the_opening_day_as_the_service_allows(tree):
    """The worklist's "open the congress" task follows rules.opening_day_refusals too."""
    from apps.worklist.selectors import worklist_for
    from tests.factories import circulate_required, ready_for_report

    opening = D(2020, 6, 30)
    congress = CongressFactory(organization=tree.qb, term=term(), opening_date=opening)
    ready_for_report(congress)
    circulate_required(congress, D(2020, 5, 25))
    report = services.superior_report_submit(
        actor=tree.qb_secretary, congress=congress, today=D(2020, 6, 1)
    )
    services.superior_report_decide(
        actor=tree.central_standing, report=report, decision="approved", today=D(2020, 6, 5)
    )

    def kinds(day):
        return {t.kind for t in worklist_for(user=tree.qb_secretary, today=day).tasks}

    assert "open" not in kinds(opening - dt.timedelta(days=1))
    with pytest.raises(services.RuleViolation, match="khai mạc"):
        services.congress_open(
            actor=tree.qb_secretary, congress=congress, today=opening - dt.timedelta(days=1)
        )
    assert "open" in kinds(opening)
    services.congress_open(actor=tree.qb_secretary, congress=congress, today=opening)


def test_lessons_meeting_not_in_the_future():
    from apps.congresses.rules import lessons_meeting_refusals

    today = D(2026, 3, 10)
    assert lessons_meeting_refusals(None, today=today) == []  # pilots chosen, not yet held
    assert lessons_meeting_refusals(today, today=today) == []
    assert lessons_meeting_refusals(D(2026, 3, 11), today=today) == [
        "Ngày hội nghị không được sau ngày hôm nay."
    ]


@pytest.mark.django_db
def test_lessons_meeting_tomorrow_refused_on_the_form_today_allowed(client, tree):
    from apps.congresses.models import LessonsMeeting

    t = term("2025-2030")
    with freeze_time(JUST_BEFORE_LOCAL_MIDNIGHT):  # 09/03 23:59 in Hà Nội
        client.force_login(tree.qb_secretary)
        refused = client.post(
            "/congresses/org/QB/lessons/", {"term": t.pk, "held_on": "10/03/2026"}
        )
        assert refused.status_code == 200
        assert "Ngày hội nghị không được sau ngày hôm nay." in refused.content.decode()
        assert not LessonsMeeting.objects.exists()
    with freeze_time(JUST_AFTER_LOCAL_MIDNIGHT):  # 10/03 00:30 in Hà Nội
        client.force_login(tree.qb_secretary)  # signed in at that moment
        allowed = client.post(
            "/congresses/org/QB/lessons/", {"term": t.pk, "held_on": "10/03/2026"}
        )
    assert allowed.status_code == 302 and allowed["Location"] == "/congresses/org/QB/"
    assert LessonsMeeting.objects.get(organization=tree.qb).held_on == D(2026, 3, 10)
