"""The congress day through the API: the same services as the door's page, the same refusals;
who may, both ways; a delegate reads only their own card."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from apps.attendance.models import Attendance
from apps.attendance.tokens import card_token
from apps.audit.models import AuditEvent
from tests.reports.pdf import flat


def api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_check_in_by_token_and_code_then_the_summary(tree, today_congress):
    congress, delegates = today_congress
    url = reverse("api-checkin", args=[congress.pk])
    officer = api(tree.qb_officer)
    token = card_token(congress_id=congress.pk, code=delegates[0].code)
    first = officer.post(url, {"token": token}, format="json")
    assert first.status_code == 201, first.content
    assert first.json()["delegate"]["code"] == delegates[0].code
    assert first.json()["method"] == "qr" and first.json()["status"] == "present"
    second = api(tree.qb_standing).post(url, {"code": delegates[1].code}, format="json")
    assert second.status_code == 201 and second.json()["method"] == "typed"
    third = api(tree.qb_secretary).post(url, {"code": delegates[2].code}, format="json")
    assert third.status_code == 201
    summary = officer.get(reverse("api-attendance", args=[congress.pk])).json()
    assert {k: summary[k] for k in ("summoned", "present", "excused", "not_arrived")} == {
        "summoned": 4,
        "present": 3,
        "excused": 0,
        "not_arrived": 1,
    }
    assert summary["quorum"] == "2/3" and summary["quorum_needed"] == 3 and summary["quorate"]
    assert summary["base"] == 3 and summary["votes_needed"] == 2
    assert [r["status"] for r in summary["results"]].count("waiting") == 1
    assert summary["count"] == 4 and summary["next"] is None


def test_refusals_answer_with_the_services_words_and_write_nothing(tree, today_congress):
    congress, delegates = today_congress
    url = reverse("api-checkin", args=[congress.pk])
    officer = api(tree.qb_officer)
    token = card_token(congress_id=congress.pk, code=delegates[0].code)
    forged = officer.post(url, {"token": token[:-2] + "zz"}, format="json")
    assert forged.status_code == 400 and "Mã QR không hợp lệ" in forged.json()["token"][0]
    other = officer.post(
        url, {"token": card_token(congress_id=congress.pk + 999, code="ABCDEFGH")}, format="json"
    )
    assert other.status_code == 400 and "không phải đại hội này" in other.json()["token"][0]
    empty = officer.post(url, {}, format="json")
    assert empty.status_code == 400 and "Nhập mã đại biểu" in empty.json()["code"][0]
    assert not Attendance.objects.exists()
    assert officer.post(url, {"token": token}, format="json").status_code == 201
    again = officer.post(url, {"code": delegates[0].code}, format="json")
    assert again.status_code == 409 and "Không điểm danh lần hai" in again.json()["detail"]
    assert Attendance.objects.count() == 1
    assert AuditEvent.objects.filter(verb="attendance.checkin").count() == 1


@pytest.mark.parametrize(
    ("who", "act", "read"),
    [
        ("qb_secretary", 201, 200),
        ("qb_standing", 201, 200),
        ("qb_officer", 201, 200),
        ("qb_committee", 403, 403),
        ("qb_member", 403, 403),
        ("central_standing", 403, 200),
        ("ht_secretary", 404, 404),
        ("ptm_secretary", 404, 404),
    ],
)
def test_who_acts_and_who_reads(tree, today_congress, who, act, read):
    congress, delegates = today_congress
    client = api(getattr(tree, who))
    response = client.post(
        reverse("api-checkin", args=[congress.pk]), {"code": delegates[0].code}, format="json"
    )
    assert response.status_code == act
    excuse = client.post(
        reverse("api-excuse", args=[congress.pk]),
        {"delegate": delegates[1].pk, "reason": "Ốm"},
        format="json",
    )
    assert excuse.status_code == (200 if act == 201 else act)
    assert Attendance.objects.count() == (2 if act == 201 else 0)
    assert client.get(reverse("api-attendance", args=[congress.pk])).status_code == read


def test_a_delegate_reads_only_their_own_card(tree, today_congress):
    congress, delegates = today_congress
    delegates[1].user = tree.qb_member
    delegates[1].save()
    cards = api(tree.qb_member).get(reverse("api-my-cards")).json()
    assert [c["code"] for c in cards] == [delegates[1].code]
    assert cards[0]["token"] == card_token(congress_id=congress.pk, code=delegates[1].code)
    pdf = api(tree.qb_member).get(cards[0]["pdf"])
    assert pdf.status_code == 200 and delegates[1].code in flat(pdf.content)
    assert (
        api(tree.qb_member).get(reverse("api-my-card", args=[delegates[0].pk])).status_code == 404
    )
    assert api(tree.qb_officer).get(reverse("api-my-cards")).json() == []
    assert api(tree.qb_officer).get(cards[0]["pdf"]).status_code == 404
    assert APIClient().get(reverse("api-my-cards")).status_code == 401


def test_api_takes_back_a_check_in(tree, today_congress):
    congress, delegates = today_congress
    client = APIClient()
    client.force_authenticate(tree.qb_officer)
    client.post(reverse("api-checkin", args=[congress.pk]), {"code": delegates[0].code})
    url = reverse("api-undo-checkin", args=[congress.pk])
    body = {"delegate": delegates[0].pk, "reason": "Nhập nhầm mã"}
    assert client.post(url, {"delegate": delegates[1].pk, "reason": "x"}).status_code == 400
    assert client.post(url, body).status_code == 204 and not Attendance.objects.exists()
