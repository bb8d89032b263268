"""apps.worklist.views: the home page "Việc cần làm" as each kind of person sees it."""

import pytest

from tests.worklist.upcoming import congress_ahead

pytestmark = pytest.mark.django_db


def test_nothing_to_do_says_so_and_links_to_the_dashboard(client, tree):
    client.force_login(tree.qb_member)
    page = client.get("/").content.decode()
    assert 'id="nothing-to-do"' in page and "Hiện không có việc nào chờ bạn." in page
    assert 'href="/congresses/"' in page


def test_superuser_home_links_to_the_admin(client, admin_user):
    client.force_login(admin_user)
    page = client.get("/").content.decode()
    assert 'id="admin-home"' in page and 'href="/admin/"' in page
    assert "Bạn chưa được phân công vai trò" not in page


def test_an_opening_day_gone_by_without_opening_says_so(client, tree):
    congress_ahead(tree.ptm, days_ahead=-3)
    client.force_login(tree.ptm_secretary)
    page = client.get("/").content.decode()
    assert "đã qua 3 ngày, chưa khai mạc" in page


def test_a_visitor_is_asked_to_sign_in(client):
    response = client.get("/")
    assert response.status_code == 302 and response["Location"] == "/login/?next=/"
