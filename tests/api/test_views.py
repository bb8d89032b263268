"""apps.api.views: the API pins the product's behaviour: the full flow with rule statuses, every
refusal, the token endpoint and its second factor."""

import datetime as dt

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from freezegun import freeze_time
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from apps.documents.docx import docx_bytes
from apps.organizations.models import Role
from tests.factories import CongressFactory, OrganizationFactory, person, term
from tests.hardening.snapshots import snapshot
from tests.second_factor import current_code, enrol

pytestmark = pytest.mark.django_db
D = dt.date
TOKEN_URL = "/api/v1/auth/token/"


def api(user=None, lang=None):
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    if lang:
        client.credentials(HTTP_ACCEPT_LANGUAGE=lang)
    return client


def rules_of(client, pk):
    body = client.get(f"/api/v1/congresses/{pk}/").json()
    return {code: body["rules"][code]["status"] for code in ("R30", "R20", "RA")}, body


def test_token_auth_and_401(tree):
    client = APIClient()
    assert client.get("/api/v1/organizations/").status_code == 401
    bad = client.post(
        "/api/v1/auth/token/", {"username": "bithu.qb", "password": "x"}, format="json"
    )
    assert bad.status_code == 400 and "mật khẩu không đúng" in bad.json()["non_field_errors"][0]
    code = current_code(enrol(tree.qb_secretary))  # a secretary signs in with a second factor
    token = client.post(
        "/api/v1/auth/token/",
        {"username": "bithu.qb", "password": "pw-12345", "otp_token": code},
        format="json",
    ).json()["token"]
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    codes = [o["code"] for o in client.get("/api/v1/organizations/").json()["results"]]
    assert codes == ["QB", "QB-PTM", "QB-PTM-TH", "QB-ANKT"]


def test_organizations_filters(tree):
    client = api(tree.central_standing)
    assert [
        o["code"] for o in client.get("/api/v1/organizations/", {"parent": "QB"}).json()["results"]
    ] == ["QB-PTM", "QB-ANKT"]
    assert [
        o["code"]
        for o in client.get("/api/v1/organizations/", {"search": "quang binh"}).json()["results"]
    ] == ["QB"]
    detail = client.get("/api/v1/organizations/QB-PTM/").json()
    assert detail["parent"] == "QB" and detail["kind"] == "grassroots_committee"
    assert api(tree.ht_secretary).get("/api/v1/organizations/QB/").status_code == 404


@freeze_time("2020-04-20 09:00:00+07:00")
def test_full_flow_with_rule_statuses_at_each_step(tree):
    sec, standing, superior = (
        api(tree.qb_secretary),
        api(tree.qb_standing),
        api(tree.central_standing),
    )
    created = sec.post(
        "/api/v1/congresses/",
        {
            "organization": "QB",
            "term": "2020-2025",
            "ordinal": "XVII",
            "kind": "delegates",
            "opening_date": "2020-06-30",
        },
        format="json",
    )
    assert created.status_code == 201, created.json()
    pk = created.json()["id"]
    statuses, body = rules_of(sec, pk)
    assert statuses == {"R30": "pending", "R20": "pending", "RA": "pending"}
    assert body["can_open"] is False and body["earliest_lawful_opening"] == "2020-05-20"
    rounds = []
    for kind in ("political_report", "review_report", "resolution", "action_programme"):
        doc = sec.post(f"/api/v1/congresses/{pk}/documents/", {"kind": kind}, format="json")
        assert doc.status_code == 201
        upload = SimpleUploadedFile("r1.docx", docx_bytes(["Dự thảo lần 1", kind]))
        rnd = sec.post(
            f"/api/v1/documents/{doc.json()['id']}/rounds/", {"file": upload}, format="multipart"
        )
        assert rnd.status_code == 201, rnd.json()
        rounds.append(rnd.json()["id"])
        circ = sec.post(
            f"/api/v1/rounds/{rnd.json()['id']}/circulate/",
            {"recipients": "all", "comment_deadline": "2020-05-05"},
            format="json",
        )
        assert circ.status_code == 201 and circ.json()["to_subordinates"]
    assert rules_of(sec, pk)[0]["R30"] == "done"
    comment = api(tree.ptm_secretary).post(
        f"/api/v1/rounds/{rounds[0]}/comments/",
        {"text": "Nhất trí", "organization": "QB-PTM"},
        format="json",
    )
    assert comment.status_code == 201 and comment.json()["organization"] == "QB-PTM"
    assert len(sec.get(f"/api/v1/rounds/{rounds[0]}/comments/").json()["results"]) == 1
    early = sec.post(f"/api/v1/congresses/{pk}/superior-report/", {}, format="json")
    assert (
        early.status_code == 400
        and "Phương án nhân sự chưa được Ban Thường vụ duyệt." in early.json()["reasons"]
    )
    candidates = [
        {
            "full_name": f"Nguyễn Văn {c}",
            "birth_date": "1980-01-01",
            "sex": "male",
            "is_incumbent": True,
        }
        for c in "ABCD"
    ]
    plan = sec.put(
        f"/api/v1/congresses/{pk}/personnel-plan/",
        {"seats": 3, "standing_seats": 1, "candidates": candidates},
        format="json",
    )
    assert plan.status_code == 200, plan.json()
    plan_id = plan.json()["id"]
    assert (
        sec.post(f"/api/v1/personnel-plans/{plan_id}/submit/", {}, format="json").json()["status"]
        == "submitted"
    )
    refused = api(tree.ht_standing).post(
        f"/api/v1/personnel-plans/{plan_id}/approve/", {"meeting_date": "2020-04-20"}, format="json"
    )
    assert refused.status_code == 404
    approved = standing.post(
        f"/api/v1/personnel-plans/{plan_id}/approve/", {"meeting_date": "2020-04-20"}, format="json"
    )
    assert approved.json()["status"] == "approved"
    report = sec.post(f"/api/v1/congresses/{pk}/superior-report/", {}, format="json")
    assert report.status_code == 201
    assert rules_of(sec, pk)[0] == {"R30": "done", "R20": "done", "RA": "pending"}
    with freeze_time("2020-06-30 08:00:00+07:00"):
        opened = sec.post(f"/api/v1/congresses/{pk}/open/")
        assert opened.status_code == 409
        assert opened.json()["reasons"] == ["Chưa có ý kiến đồng ý của cấp ủy cấp trên."]
        assert "Not yet approved" not in opened.content.decode()
    decided = superior.post(
        f"/api/v1/superior-reports/{report.json()['id']}/decision/",
        {"decision": "approved", "note": "Đồng ý"},
        format="json",
    )
    assert decided.status_code == 200 and decided.json()["decision"] == "approved"
    statuses, body = rules_of(sec, pk)
    assert statuses == {"R30": "done", "R20": "done", "RA": "done"} and body["can_open"] is True
    with freeze_time("2020-06-30 08:00:00+07:00"):
        assert sec.post(f"/api/v1/congresses/{pk}/open/").json()["status"] == "in_session"
        plan_body = sec.put(
            f"/api/v1/congresses/{pk}/personnel-plan/",
            {"seats": 3, "candidates": candidates},
            format="json",
        )
        assert plan_body.status_code == 400
        from apps.personnel.models import Candidate

        ids = list(
            Candidate.objects.filter(plan_id=plan_id)
            .order_by("position")
            .values_list("id", flat=True)
        )
        results = sec.post(
            f"/api/v1/congresses/{pk}/results/",
            {
                "summoned": 150,
                "excused": 2,
                "ballots_issued": 148,
                "ballots_valid": 148,
                "votes": {str(ids[0]): 140, str(ids[1]): 100, str(ids[2]): 75, str(ids[3]): 74},
                "first_meeting_date": "2020-06-30",
                "posts": {str(ids[0]): "secretary"},
            },
            format="json",
        )
        assert results.status_code == 200, results.json()
        assert results.json()["needed"] == 75 and ids[3] not in results.json()["elected"]
        assert (
            api(tree.qb_standing)
            .post(
                f"/api/v1/congresses/{pk}/ratification/",
                {"decision_number": "1", "decision_date": "2020-06-30"},
                format="json",
            )
            .status_code
            == 403
        )
        ratified = superior.post(
            f"/api/v1/congresses/{pk}/ratification/",
            {"decision_number": "125-QĐ/ĐUCA", "decision_date": "2020-06-30"},
            format="json",
        )
        assert ratified.status_code == 200 and ratified.json()["status"] == "ratified"
    pdf = sec.get(f"/api/v1/congresses/{pk}/reports/superior-report.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert (
        api(tree.ht_secretary)
        .get(f"/api/v1/congresses/{pk}/reports/superior-report.pdf")
        .status_code
        == 404
    )


def test_errors_in_vietnamese_or_english(tree):
    payload = {
        "organization": "QB",
        "term": "2020-2025",
        "ordinal": "",
        "opening_date": "31/02/2020",
    }
    vi = api(tree.qb_secretary).post("/api/v1/congresses/", payload, format="json")
    assert vi.status_code == 400 and "Trường này không được bỏ trống." in vi.json()["ordinal"][0]
    en = api(tree.qb_secretary, lang="en").post("/api/v1/congresses/", payload, format="json")
    assert en.status_code == 400 and en.json()["ordinal"] == ["This field may not be blank."]


def test_refusals_never_leak_another_organisation(tree):
    congress = CongressFactory(organization=tree.qb)
    other = api(tree.ht_secretary)
    assert other.get(f"/api/v1/congresses/{congress.pk}/").status_code == 404
    assert (
        other.patch(f"/api/v1/congresses/{congress.pk}/", {"place": "x"}, format="json").status_code
        == 404
    )
    assert other.post(f"/api/v1/congresses/{congress.pk}/open/").status_code == 404
    assert (
        other.post(
            f"/api/v1/congresses/{congress.pk}/documents/", {"kind": "plan"}, format="json"
        ).status_code
        == 404
    )
    assert congress.pk not in [c["id"] for c in other.get("/api/v1/congresses/").json()["results"]]
    member = api(tree.qb_member)
    assert member.get(f"/api/v1/congresses/{congress.pk}/").status_code == 200
    assert (
        member.patch(
            f"/api/v1/congresses/{congress.pk}/", {"place": "x"}, format="json"
        ).status_code
        == 403
    )
    assert (
        member.put(
            f"/api/v1/congresses/{congress.pk}/personnel-plan/",
            {"seats": 1, "candidates": []},
            format="json",
        ).status_code
        == 404
    )


def test_patch_moves_the_date_and_re_evaluates(tree):
    congress = CongressFactory(
        organization=tree.qb,
        term=term("2025-2030"),
        opening_date=dt.date.today() + dt.timedelta(days=60),
    )
    client = api(tree.qb_secretary)
    body = client.patch(
        f"/api/v1/congresses/{congress.pk}/",
        {"opening_date": str(dt.date.today() + dt.timedelta(days=10))},
        format="json",
    ).json()
    assert body["rules"]["R30"]["status"] == "overdue"


def test_list_query_count_is_constant_whatever_the_page_size(tree):
    province = OrganizationFactory(code="LST", kind="above_grassroots")
    viewer = person(province, Role.STANDING_MEMBER)
    for i in range(60):
        CongressFactory(organization=OrganizationFactory(parent=province, code=f"LST-{i}"))
    counts = []
    for size in (5, 60):
        cache.clear()  # both measured cold (the user's scope is cached between requests)
        client = api(type(viewer).objects.get(pk=viewer.pk))
        with CaptureQueriesContext(connection) as ctx:
            response = client.get("/api/v1/congresses/", {"page_size": size})
        assert len(response.json()["results"]) == size
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1], counts
    counts = []
    for size in (5, 60):
        cache.clear()
        client = api(type(viewer).objects.get(pk=viewer.pk))
        with CaptureQueriesContext(connection) as ctx:
            client.get("/api/v1/organizations/", {"page_size": size})
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1], counts


def test_the_token_endpoint_asks_the_second_factor(tree):
    api = Client()

    def ask(**extra):
        return api.post(
            TOKEN_URL,
            {"username": "btv.qb", "password": "pw-12345", **extra},
            content_type="application/json",
        )

    not_enrolled = ask()
    assert not_enrolled.status_code == 403 and "trên trang web" in not_enrolled.json()["detail"]
    device = enrol(tree.qb_standing)
    missing = ask()
    assert missing.status_code == 400 and missing.json()["otp_token"]
    assert ask(otp_token="000000").status_code == 400
    assert not Token.objects.exists()
    good = ask(otp_token=current_code(device))
    assert good.status_code == 200 and Token.objects.filter(user=tree.qb_standing).count() == 1
    # a recovery code works for the endpoint too, once
    from apps.twofactor.services import recovery_codes_regenerate

    code = recovery_codes_regenerate(user=tree.qb_standing)[0]
    assert ask(otp_token=code).status_code == 200
    assert ask(otp_token=code).status_code == 400
    # a committee member without the second factor signs in with the password alone
    plain = api.post(
        TOKEN_URL,
        {"username": "capuy.qb", "password": "pw-12345"},
        content_type="application/json",
    )
    assert plain.status_code == 200


@pytest.fixture
def document(tree):
    """QB's political report for a congress two months ahead (no round yet)."""
    from apps.documents import services

    congress = CongressFactory(
        organization=tree.qb,
        term=term("2025-2030"),
        opening_date=dt.date.today() + dt.timedelta(days=60),
    )
    return services.document_create(
        actor=tree.qb_secretary, congress=congress, kind="political_report"
    )


def test_the_api_comment_and_circulation_codes_do_not_reveal_other_provinces(tree, document):
    from apps.documents import services

    today = dt.date.today()
    rnd = services.round_submit(actor=tree.qb_secretary, document=document, body="Dự thảo")
    before = snapshot()
    answers = [
        api(tree.qb_secretary).post(
            f"/api/v1/rounds/{rnd.pk}/circulate/",
            {"recipients": [code], "comment_deadline": (today + dt.timedelta(days=9)).isoformat()},
            format="json",
        )
        for code in ("HT-PTM", "NOPE")
    ]
    assert [a.status_code for a in answers] == [400, 400]
    assert answers[0].json() == {"recipients": ["Không có tổ chức mã HT-PTM."]}
    assert answers[1].json() == {"recipients": ["Không có tổ chức mã NOPE."]}
    services.circulate(
        actor=tree.qb_secretary,
        rnd=rnd,
        recipients="all",
        comment_deadline=today + dt.timedelta(days=9),
    )
    before = snapshot()
    answers = [
        api(tree.ptm_secretary).post(
            f"/api/v1/rounds/{rnd.pk}/comments/",
            {"text": "Nhất trí", "organization": code},
            format="json",
        )
        for code in ("HT-PTM", "NOPE")
    ]
    assert [(a.status_code, a.json()) for a in answers] == [
        (400, {"organization": ["Không có tổ chức mã này."]})
    ] * 2
    assert snapshot() == before
