import pytest

from tests.second_factor import sign_in

pytestmark = pytest.mark.django_db


def test_login_page_is_vietnamese(client):
    page = client.get("/login/").content.decode()
    assert "Đăng nhập" in page and 'lang="vi"' in page


def test_wrong_password_shows_a_vietnamese_error(client, tree):
    response = client.post("/login/", {"username": "bithu.qb", "password": "wrong"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "mật khẩu" in page.lower() and "chính xác" in page


def test_login_then_my_roles(client, tree):
    sign_in(client, "bithu.qb")  # password, then the second factor a secretary must use
    page = client.get("/").content.decode()
    assert "Đảng bộ Công an tỉnh Quảng Bình" in page and "Bí thư" in page


def test_language_switch_shows_english(client, tree):
    client.force_login(tree.qb_secretary)
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    page = client.get("/").content.decode()
    assert 'lang="en"' in page
    assert "My organisations and roles" in page
    assert "Organisation tree" in page


def test_dates_are_dd_mm_yyyy(client, tree):
    client.force_login(tree.qb_secretary)
    assert "01/01/2019" in client.get("/").content.decode()


def test_logout_requires_post(client, tree):
    client.force_login(tree.qb_secretary)
    assert client.post("/logout/").status_code == 302
    assert client.get("/").status_code == 302
