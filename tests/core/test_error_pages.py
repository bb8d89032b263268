"""400, 403, 404 and 500 are the site's own pages: in the layout, in Vietnamese, saying what
happened; a refusal (403) names its reason in the service's words. API clients get JSON."""

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def _page(response) -> str:
    body = response.content.decode()
    assert 'id="error-page"' in body and 'class="navbar' in body  # the site's layout
    assert '<html lang="vi">' in body
    return body


def test_403_names_the_refusal_in_vietnamese(client, tree):
    client.force_login(tree.qb_member)
    response = client.get("/reports/register/QB/")
    assert response.status_code == 403
    body = _page(response)
    assert "Không có quyền thực hiện" in body
    assert "Chỉ lãnh đạo hoặc văn phòng được xem sổ văn bản." in body  # the reason given
    assert "403 Forbidden" not in body


def test_404_is_the_sites_page_and_leaks_nothing(client, tree):
    client.force_login(tree.qb_secretary)
    response = client.get("/congresses/987654/")
    assert response.status_code == 404
    body = _page(response)
    assert "Không tìm thấy trang" in body and "matches the given query" not in body
    anonymous = Client().get("/khong-co-trang-nay/")
    assert anonymous.status_code == 404 and "Không tìm thấy trang" in _page(anonymous)


def test_400_for_a_bad_request(client, tree):
    client.force_login(tree.qb_officer)
    response = client.get("/reports/progress/QB.pdf?term=1990-1995")
    assert response.status_code == 400
    assert "Yêu cầu không hợp lệ" in _page(response)


def test_500_is_the_sites_page(tree, monkeypatch):
    from apps.notifications import views

    monkeypatch.setattr(views, "notices_of", lambda **kw: 1 / 0)
    client = Client(raise_request_exception=False)
    client.force_login(tree.qb_secretary)
    response = client.get("/notifications/")
    assert response.status_code == 500
    body = _page(response)
    assert "Lỗi hệ thống" in body and "ZeroDivisionError" not in body


def test_a_form_without_its_token_gets_a_403_that_says_what_to_do(tree):
    client = Client(enforce_csrf_checks=True)
    client.force_login(tree.qb_secretary)
    response = client.post("/notifications/read/")
    assert response.status_code == 403
    assert "Hãy tải lại trang rồi gửi lại." in _page(response)


def test_api_errors_stay_json(client, tree):
    response = client.get("/api/khong-co/")
    assert response.status_code == 404 and response["Content-Type"] == "application/json"
