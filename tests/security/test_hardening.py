"""Hardening: login throttling, security headers, production settings, session expiry."""

import datetime as dt
import os
import subprocess
import sys

import pytest
from django.conf import settings
from freezegun import freeze_time

from tests.second_factor import sign_in

pytestmark = pytest.mark.django_db


def test_login_is_throttled_after_five_failures(client, tree):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        response = client.post("/login/", {"username": "bithu.qb", "password": "wrong"})
    response = client.post("/login/", {"username": "bithu.qb", "password": "pw-12345"})
    assert response.status_code == 429
    assert "Đăng nhập sai quá nhiều lần" in response.content.decode()
    # another account from the same address is not locked
    assert client.post("/login/", {"username": "btv.qb", "password": "pw-12345"}).status_code == 302


def test_content_security_policy_and_no_external_assets(client, tree):
    client.force_login(tree.qb_secretary)
    response = client.get("/org/")
    csp = response["Content-Security-Policy"]
    assert (
        "default-src 'self'" in csp
        and "script-src 'self'" in csp
        and "frame-ancestors 'none'" in csp
    )
    body = response.content.decode()
    assert "http://" not in body.replace("http://testserver", "") and "https://" not in body
    assert (
        "onchange=" not in body and "<script>" not in body
    )  # no inline script for the CSP to block


def test_api_docs_use_no_cdn(client):
    body = client.get("/api/docs/").content.decode()
    assert (
        "cdn." not in body and "jsdelivr" not in body and "/static/drf_spectacular_sidecar/" in body
    )


def _session_expiry(client) -> dt.datetime:
    from django.contrib.sessions.models import Session

    return Session.objects.get(session_key=client.session.session_key).expire_date


def test_sessions_end_after_inactivity_and_activity_keeps_them(client, tree):
    assert settings.SESSION_COOKIE_AGE == 30 * 60 and settings.SESSION_EXPIRE_AT_BROWSER_CLOSE
    start = dt.datetime(2026, 3, 2, 8, 0, tzinfo=dt.UTC)
    with freeze_time(start) as clock:
        sign_in(client, "bithu.qb")
        assert client.get("/").status_code == 200
        first = _session_expiry(client)
        assert first == start + dt.timedelta(minutes=30)
        clock.tick(dt.timedelta(seconds=30))  # within the refresh interval: no write
        assert client.get("/").status_code == 200
        assert _session_expiry(client) == first
        for _ in range(3):  # busy for 75 minutes in all, never idle for 30: still signed in
            clock.tick(dt.timedelta(minutes=25))
            assert client.get("/").status_code == 200
        assert _session_expiry(client) == start + dt.timedelta(seconds=30 + 75 * 60 + 30 * 60)
        clock.tick(dt.timedelta(minutes=31))  # idle longer than the limit
        response = client.get("/")
        assert response.status_code == 302 and response["Location"].startswith("/login/")


def test_anonymous_requests_create_no_session(client, db):
    from django.contrib.sessions.models import Session

    client.get("/login/")
    assert Session.objects.count() == 0


def test_production_settings_pass_check_deploy():
    env = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "DJANGO_SETTINGS_MODULE": "congress_portal.settings.prod",
        "SECRET_KEY": "test-" + "x" * 60 + "-not-a-dev-key-ok-because-long",
        "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/postgres",
        "ALLOWED_HOSTS": "portal.example.invalid",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_refuses_to_start_without_secrets():
    env = {k: v for k, v in os.environ.items() if k not in ("SECRET_KEY", "DATABASE_URL")}
    env["DJANGO_SETTINGS_MODULE"] = "congress_portal.settings.prod"
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0 and "SECRET_KEY must be set" in result.stderr


def test_audit_page_for_the_standing_committee(client, tree):
    from apps.congresses import services
    from tests.factories import CongressFactory

    congress = CongressFactory(organization=tree.ptm)
    services.congress_update(actor=tree.ptm_secretary, congress=congress, place="Hội trường")
    client.force_login(tree.qb_standing)
    from apps.reports.services import report_preview

    report_preview(user=tree.ptm_secretary, kind="superior-report", obj=congress)
    page = client.get("/org/QB/audit/").content.decode()
    assert "Sửa thông tin đại hội" in page and tree.ptm_secretary.full_name in page
    assert "Địa điểm: — → Hội trường" in page
    assert "Tải bản xem trước (chưa cấp số)" in page and "Loại: Báo cáo cấp trên" in page
    for code in ("congress.update", "report.download", "numbered", "False", "superior-report"):
        assert code not in page  # words, not the codes stored for filtering
    client.force_login(tree.qb_member)
    assert client.get("/org/QB/audit/").status_code == 403
    client.force_login(tree.ht_standing)
    assert client.get("/org/QB/audit/").status_code == 404
