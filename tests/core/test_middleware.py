"""apps.core.middleware: the chosen language (never the browser's), the security headers, the
400 for a control character in the URL, and no-store for personnel pages and files."""

import datetime as dt

import pytest
from django.test import Client

from tests.factories import CongressFactory, approved_plan, term

pytestmark = pytest.mark.django_db


@pytest.fixture
def congress(tree):
    return CongressFactory(
        organization=tree.qb,
        term=term("2025-2030"),
        opening_date=dt.date.today() + dt.timedelta(days=40),
    )


def test_an_english_browser_still_gets_vietnamese_until_switching(client, tree):
    client.force_login(tree.qb_secretary)
    page = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert 'lang="vi"' in page and "Tổ chức và vai trò của tôi" in page


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


@pytest.mark.parametrize(
    "url",
    [
        "/org/QB%00/",
        "/org/QB/?after=QB%00",
        "/congresses/?verb=x%00",
        "/api/v1/organizations/?search=a%00b",
        "/api/v1/organizations/?parent=QB%00",
        "/api/v1/organizations/QB%00/",
        "/org/QB/audit/?verb=%00",
    ],
)
def test_a_nul_byte_in_the_url_or_query_answers_400(client, tree, url):
    client.force_login(tree.qb_officer)
    response = client.get(url)
    assert response.status_code == 400
    assert "Có ký tự điều khiển không hợp lệ (U+0000)" in response.content.decode()


def _no_store(response) -> bool:
    value = response.get("Cache-Control", "")
    return "no-store" in value and "private" in value


def test_personnel_pages_and_pdfs_are_not_stored(tree, congress):
    approved_plan(congress)
    client = Client()
    client.force_login(tree.qb_secretary)
    plan = client.get(f"/personnel/congress/{congress.pk}/plan/")
    assert plan.status_code == 200 and _no_store(plan)
    pdf = client.get(f"/reports/personnel-plan/{congress.pk}.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF") and _no_store(pdf)
    report = client.get(f"/reports/superior-report/{congress.pk}.pdf")
    assert report.status_code == 200 and _no_store(report)
    api = client.get(f"/api/v1/congresses/{congress.pk}/reports/personnel-plan.pdf")
    assert api.status_code == 200 and _no_store(api)
    # ordinary pages keep their normal caching rules
    assert "no-store" not in client.get("/org/").get("Cache-Control", "")


def test_the_api_follows_accept_language_and_pages_follow_the_cookie_only(client, tree):
    client.force_login(tree.qb_member)
    api = client.get("/api/v1/organizations/", HTTP_ACCEPT_LANGUAGE="en")
    assert api["Content-Language"] == "en"
    assert client.get("/api/v1/organizations/")["Content-Language"] == "vi"  # the default
    client.cookies["django_language"] = "en"
    assert client.get("/org/")["Content-Language"] == "en"
    client.cookies["django_language"] = "fr"  # not offered: Vietnamese
    page = client.get("/org/")
    assert page["Content-Language"] == "vi" and 'lang="vi"' in page.content.decode()


def test_every_response_carries_the_policy_and_the_referrer_rule(client, settings):
    settings.CONTENT_SECURITY_POLICY = "default-src 'self'; img-src 'self' data:"
    response = client.get("/login/")
    assert response["Content-Security-Policy"] == "default-src 'self'; img-src 'self' data:"
    assert response["Referrer-Policy"] == "same-origin"


def test_a_control_character_in_a_query_key_is_refused_in_plain_words(client, tree):
    client.force_login(tree.qb_member)
    page = client.get("/org/?a%01b=1")
    assert page.status_code == 400 and page["Content-Type"] == "text/plain; charset=utf-8"
    assert page.content.decode() == (
        "Có ký tự điều khiển không hợp lệ (U+0001); hãy xóa ký tự đó rồi gửi lại."
    )
    api = client.get("/api/v1/organizations/?search=%7F")
    assert api.status_code == 400 and "U+007F" in api.json()["detail"]
    # tabs and line breaks are text, not controls
    assert client.get("/api/v1/organizations/?search=a%09b%0Ac").status_code == 200


def test_an_attachment_is_never_stored_whatever_its_type(rf):
    from django.http import HttpResponse

    from apps.core.middleware import NoStoreMiddleware

    def download(request):
        response = HttpResponse(b"a,b\n", content_type="text/csv")
        response["Content-Disposition"] = 'attachment; filename="x.csv"'
        return response

    stored = NoStoreMiddleware(download)(rf.get("/org/QB/export/"))
    assert "no-store" in stored["Cache-Control"] and "private" in stored["Cache-Control"]
    plain = NoStoreMiddleware(lambda request: HttpResponse("ok"))(rf.get("/org/"))
    assert not plain.has_header("Cache-Control")
