"""apps.twofactor.views: enrolling, the code step, recovery codes, turning the factor off."""

import datetime as dt

import pytest
from django.test import Client
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from apps.audit.models import AuditEvent
from apps.personnel.models import PlanStatus
from tests.second_factor import current_code, enrol, force_login_password_only
from tests.twofactor.plans import approve

pytestmark = pytest.mark.django_db


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
    assert approve(client, submitted_plan).status_code == 302
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
