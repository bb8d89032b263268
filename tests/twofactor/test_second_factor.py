"""Issue 17 item 14: two-factor sign-in, required for the roles that approve, decide, ratify or
import; optional for the others; recovery codes that work once; the API's token endpoint too."""

import datetime as dt
import os
import subprocess
import sys

import pytest
from django.test import Client
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.authtoken.models import Token

from apps.audit.models import AuditEvent
from apps.personnel import services as personnel_services
from apps.personnel.models import PersonnelPlan, PlanStatus
from apps.twofactor.policy import second_factor_required
from tests.factories import CongressFactory, term
from tests.second_factor import current_code, enrol, force_login_password_only

pytestmark = pytest.mark.django_db
TOKEN_URL = "/api/v1/auth/token/"


@pytest.fixture
def submitted_plan(tree):
    congress = CongressFactory(
        organization=tree.qb,
        term=term("2025-2030"),
        opening_date=dt.date.today() + dt.timedelta(days=50),
    )
    plan = personnel_services.plan_save(
        actor=tree.qb_secretary,
        congress=congress,
        seats=3,
        candidates=[
            {"full_name": f"Nguyễn Văn {c}", "birth_date": dt.date(1980, 1, 1), "sex": "male"}
            for c in "ABCD"
        ],
    )
    personnel_services.plan_transition(plan=plan, to=PlanStatus.SUBMITTED, by=tree.qb_secretary)
    return plan


def _approve(client, plan):
    return client.post(
        f"/personnel/congress/{plan.congress_id}/plan/transition/",
        {
            "to": "approved",
            "meeting_date": dt.date.today().strftime("%d/%m/%Y"),
            "votes_for": 5,
            "votes_total": 7,
        },
    )


def _snapshot(plan):
    plan.refresh_from_db()
    return (
        plan.status,
        AuditEvent.objects.count(),
        list(PersonnelPlan.objects.values_list("id", "status")),
    )


def test_who_must_use_the_second_factor(tree, admin_user):
    required = [
        tree.qb_secretary,  # approves personnel plans
        tree.qb_standing,  # approves plans, decides reports, ratifies
        tree.central_standing,
        tree.ptm_secretary,
        tree.qb_officer,  # imports organisations and people
        admin_user,  # the admin site can do all of it
    ]
    optional = [tree.qb_committee, tree.qb_member, tree.outsider]
    assert [second_factor_required(u) for u in required] == [True] * len(required)
    assert [second_factor_required(u) for u in optional] == [False] * len(optional)


def test_a_required_role_without_the_second_factor_cannot_reach_an_approving_page(
    tree, submitted_plan
):
    client = Client()
    force_login_password_only(client, tree.qb_standing)
    before = _snapshot(submitted_plan)
    page = client.get(f"/personnel/congress/{submitted_plan.congress_id}/plan/")
    assert page.status_code == 302
    assert page["Location"].startswith("/account/2fa/setup/?next=%2Fpersonnel%2Fcongress%2F")
    refused = _approve(client, submitted_plan)
    assert refused.status_code == 302 and refused["Location"].startswith("/account/2fa/setup/")
    assert _snapshot(submitted_plan) == before  # nothing approved, nothing written
    for path in ("/", "/org/", "/congresses/org/QB/", "/admin/"):
        assert client.get(path)["Location"].startswith("/account/2fa/setup/"), path
    api = client.get("/api/v1/organizations/")
    assert api.status_code == 403 and "xác thực hai lớp" in api.json()["detail"]


def test_enrolment_then_the_approving_page_works(tree, submitted_plan):
    from apps.notifications.models import Notification

    Notification.objects.create(recipient=tree.qb_standing, key="k", subject="Bí mật", body="b")
    client = Client()
    force_login_password_only(client, tree.qb_standing)
    page = client.get("/account/2fa/setup/?next=/personnel/")
    body = page.content.decode()
    assert page.status_code == 200 and "<svg" in body and 'id="secret"' in body
    assert 'id="unread-count"' not in body  # nothing of the account shows before the code
    assert "bắt buộc đăng nhập hai lớp" in body
    assert page["Cache-Control"].startswith("max-age=0")  # never_cache
    device = TOTPDevice.objects.get(user=tree.qb_standing)
    assert not device.confirmed
    wrong = client.post("/account/2fa/setup/", {"token": "000000"})
    assert "Mã xác thực không đúng" in wrong.content.decode()
    device.refresh_from_db()
    assert not device.confirmed and not StaticToken.objects.exists()

    code = current_code(device)
    done = client.post("/account/2fa/setup/", {"token": code, "next": "/personnel/"})
    body = done.content.decode()
    device.refresh_from_db()
    codes = list(
        StaticToken.objects.filter(device__user=tree.qb_standing).values_list("token", flat=True)
    )
    assert device.confirmed and len(codes) == 10
    assert all(c in body for c in codes) and "Đã bật xác thực hai lớp" in body
    assert AuditEvent.objects.filter(verb="twofactor.enrolled", actor=tree.qb_standing).exists()

    assert client.get(f"/personnel/congress/{submitted_plan.congress_id}/plan/").status_code == 200
    assert _approve(client, submitted_plan).status_code == 302
    submitted_plan.refresh_from_db()
    assert submitted_plan.status == PlanStatus.APPROVED


def test_sign_in_asks_the_code_and_accepts_it(tree):
    device = enrol(tree.qb_secretary)
    client = Client()
    login = client.post("/login/", {"username": "bithu.qb", "password": "pw-12345"})
    assert login.status_code == 302
    step = client.get("/org/")
    assert step["Location"] == "/account/2fa/verify/?next=%2Forg%2F"
    page = client.get(step["Location"])
    assert page.status_code == 200 and "Mã 6 chữ số hoặc mã dự phòng" in page.content.decode()
    wrong = client.post("/account/2fa/verify/?next=/org/", {"token": "123456"})
    assert wrong.status_code == 200 and "Mã không đúng" in wrong.content.decode()
    assert client.get("/org/").status_code == 302
    ok = client.post("/account/2fa/verify/", {"token": current_code(device), "next": "/org/"})
    assert ok.status_code == 302 and ok["Location"] == "/org/"
    assert client.get("/org/").status_code == 200
    # an outside address in `next` is not followed
    other = Client()
    other.post("/login/", {"username": "bithu.qb", "password": "pw-12345"})
    away = other.post(
        "/account/2fa/verify/", {"token": current_code(device), "next": "https://evil.example/"}
    )
    assert away["Location"] == "/"


def test_a_recovery_code_works_once(tree):
    enrol(tree.qb_officer)
    client = Client()
    force_login_password_only(client, tree.qb_officer)
    client.get("/account/2fa/")  # sanity: the manage page is reachable only after the code
    from apps.twofactor.services import recovery_codes_regenerate

    codes = recovery_codes_regenerate(user=tree.qb_officer)
    first = client.post("/account/2fa/verify/", {"token": codes[0], "next": "/org/"})
    assert first.status_code == 302 and first["Location"] == "/org/"
    assert client.get("/org/").status_code == 200
    assert StaticToken.objects.filter(device__user=tree.qb_officer).count() == 9
    assert AuditEvent.objects.filter(verb="twofactor.recovery_code_used").count() == 1

    again = Client()
    force_login_password_only(again, tree.qb_officer)
    reused = again.post("/account/2fa/verify/", {"token": codes[0], "next": "/org/"})
    assert reused.status_code == 200 and "Mã không đúng" in reused.content.decode()
    assert again.get("/org/").status_code == 302
    assert StaticToken.objects.filter(device__user=tree.qb_officer).count() == 9


def test_repeated_wrong_codes_are_throttled(tree):
    """After a wrong code even the right one waits out a growing delay (django-otp's throttle):
    guessing six digits online is hopeless."""
    device = enrol(tree.qb_secretary)
    good = current_code(device)
    client = Client()
    force_login_password_only(client, tree.qb_secretary)
    client.post("/account/2fa/verify/", {"token": "000000"})
    throttled = client.post("/account/2fa/verify/", {"token": good})
    assert throttled.status_code == 200 and "chờ lâu hơn" in throttled.content.decode()
    assert client.get("/org/").status_code == 302
    device.refresh_from_db()
    assert device.throttling_failure_count == 1
    device.throttling_failure_timestamp -= dt.timedelta(seconds=10)  # the delay has passed
    device.save()
    assert client.post("/account/2fa/verify/", {"token": good}).status_code == 302
    assert client.get("/org/").status_code == 200


def test_optional_for_others_and_only_they_may_turn_it_off(tree):
    client = Client()
    force_login_password_only(client, tree.qb_committee)
    assert client.get("/").status_code == 200  # not required: no second step
    assert "Chưa bật" in client.get("/account/2fa/").content.decode()
    client.get("/account/2fa/setup/")
    device = TOTPDevice.objects.get(user=tree.qb_committee)
    client.post("/account/2fa/setup/", {"token": current_code(device)})
    # enrolled by choice: the next sign-in asks for the code
    later = Client()
    later.post("/login/", {"username": "capuy.qb", "password": "pw-12345"})
    assert later.get("/")["Location"].startswith("/account/2fa/verify/")
    later.post("/account/2fa/verify/", {"token": current_code(device)})
    assert later.post("/account/2fa/disable/").status_code == 302
    assert not TOTPDevice.objects.filter(user=tree.qb_committee).exists()
    assert AuditEvent.objects.filter(verb="twofactor.disabled").count() == 1

    boss = Client()
    boss.force_login(tree.qb_secretary)  # both steps
    boss.post("/account/2fa/disable/", follow=True)
    assert TOTPDevice.objects.filter(user=tree.qb_secretary, confirmed=True).exists()
    assert not AuditEvent.objects.filter(verb="twofactor.disabled", actor=tree.qb_secretary)


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


def test_an_old_token_of_a_required_role_counts_only_after_enrolment(tree):
    old = Token.objects.create(user=tree.qb_standing)
    api = Client(headers={"Authorization": f"Token {old.key}"})
    refused = api.get("/api/v1/organizations/")
    assert refused.status_code == 401 and "xác thực hai lớp" in refused.json()["detail"]
    # enrolling on the web revokes the tokens issued without it
    web = Client()
    force_login_password_only(web, tree.qb_standing)
    web.get("/account/2fa/setup/")
    device = TOTPDevice.objects.get(user=tree.qb_standing)
    web.post("/account/2fa/setup/", {"token": current_code(device)})
    assert not Token.objects.filter(key=old.key).exists()
    assert api.get("/api/v1/organizations/").status_code == 401


def test_production_cannot_turn_the_requirement_off():
    env = {
        **os.environ,
        "SECRET_KEY": "x" * 50,
        "DATABASE_URL": "postgres://u@h/db",
        "TWO_FACTOR_REQUIRED": "0",
    }
    result = subprocess.run(
        [sys.executable, "-c", "import congress_portal.settings.prod"],
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0 and "TWO_FACTOR_REQUIRED" in result.stderr
    dev = subprocess.run(
        [
            sys.executable,
            "-c",
            "import congress_portal.settings.dev as s; print(s.TWO_FACTOR_REQUIRED)",
        ],
        env={k: v for k, v in os.environ.items() if k != "TWO_FACTOR_REQUIRED"},
        capture_output=True,
        text=True,
        check=True,
    )
    assert dev.stdout.strip() == "False"  # the demo only


def test_an_administrator_resets_a_lost_device(tree):
    from django.core.management import call_command

    enrol(tree.qb_secretary)
    Token.objects.create(user=tree.qb_secretary)
    call_command("reset_two_factor", "bithu.qb")
    assert not TOTPDevice.objects.filter(user=tree.qb_secretary).exists()
    assert not Token.objects.filter(user=tree.qb_secretary).exists()
    assert AuditEvent.objects.filter(verb="twofactor.reset").count() == 1
    client = Client()
    client.post("/login/", {"username": "bithu.qb", "password": "pw-12345"})
    assert client.get("/")["Location"].startswith("/account/2fa/setup/")  # enrols again
