"""Tree pages: who sees what, lazy expand, the add form's Vietnamese errors, nothing half-saved."""

import pytest

from apps.audit.models import AuditEvent
from apps.organizations.models import Organization, OrganizationRole

pytestmark = pytest.mark.django_db


def test_anonymous_is_sent_to_login(client, tree):
    for url in ("/", "/org/", "/org/QB/", "/org/QB/children/", "/org/QB/subtree/", "/org/QB/add/"):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/login/")


def test_provincial_secretary_sees_the_quang_binh_subtree(client, tree):
    client.force_login(tree.qb_secretary)
    page = client.get("/org/").content.decode()
    assert "Đảng bộ Công an tỉnh Quảng Bình" in page
    assert "Hà Tĩnh" not in page
    assert "Đảng ủy Công an Trung ương" not in page
    kids = client.get("/org/QB/children/").content.decode()
    assert "Đảng bộ Phòng Tham mưu" in kids and "Chi bộ Phòng An ninh kinh tế" in kids
    assert "Hà Tĩnh" not in kids


def test_sibling_gets_404_and_no_data(client, tree):
    client.force_login(tree.ht_secretary)
    for url in ("/org/QB/", "/org/QB-PTM/children/", "/org/QB/subtree/", "/org/QB/add/"):
        response = client.get(url)
        assert response.status_code == 404
        assert "Quảng Bình" not in response.content.decode()


def test_member_sees_own_organization_but_not_subordinates(client, tree):
    client.force_login(tree.qb_member)
    assert client.get("/org/QB/").status_code == 200
    assert client.get("/org/QB-PTM/").status_code == 404
    assert "Đảng bộ Phòng Tham mưu" not in client.get("/org/QB/children/").content.decode()


def test_organization_page_lists_members_by_role(client, tree):
    client.force_login(tree.qb_standing)
    page = client.get("/org/QB/").content.decode()
    assert "Bí thư" in page and tree.qb_secretary.full_name in page
    assert "Cán bộ văn phòng" in page


def test_search_page_ignores_diacritics(client, tree):
    client.force_login(tree.qb_standing)
    page = client.get("/org/", {"q": "an ninh kinh te"}).content.decode()
    assert "Chi bộ Phòng An ninh kinh tế" in page


def test_officer_adds_a_subordinate(client, tree):
    client.force_login(tree.qb_officer)
    response = client.post(
        "/org/QB/add/",
        {"code": "QB-NEW", "name": "Chi bộ Phòng Mới", "short_name": "", "kind": "grassroots_cell"},
    )
    assert response.status_code == 302
    org = Organization.objects.get(code="QB-NEW")
    assert org.depth == 3 and org.path.startswith(tree.qb.path)
    assert OrganizationRole.objects.filter(organization=org).count() == 6
    assert AuditEvent.objects.filter(verb="organization.create", target_id=str(org.pk)).exists()


def test_duplicate_code_is_refused_in_vietnamese_and_nothing_saved(client, tree):
    client.force_login(tree.qb_officer)
    before = Organization.objects.count()
    response = client.post(
        "/org/QB/add/",
        {"code": "qb-ankt", "name": "Trùng mã", "kind": "grassroots_cell"},
    )
    assert response.status_code == 200
    assert "Mã “qb-ankt” không dùng được; hãy đặt mã khác." in response.content.decode()
    assert Organization.objects.count() == before


def test_bad_input_shows_field_errors_in_vietnamese(client, tree):
    client.force_login(tree.qb_officer)
    before = Organization.objects.count()
    response = client.post("/org/QB/add/", {"code": "có dấu!", "name": "", "kind": "nonsense"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Mã chỉ gồm chữ cái không dấu" in page
    assert "Trường này là bắt buộc." in page
    assert (
        "không phải là một trong những lựa chọn" in page or "Hãy chọn một lựa chọn hợp lệ" in page
    )
    assert Organization.objects.count() == before


def test_secretary_without_register_rights_cannot_add(client, tree):
    client.force_login(tree.qb_secretary)
    assert client.get("/org/QB/add/").status_code == 403
    response = client.post("/org/QB/add/", {"code": "X1", "name": "X", "kind": "grassroots_cell"})
    assert response.status_code == 403
    assert not Organization.objects.filter(code="X1").exists()


def test_a_node_with_many_children_is_expanded_a_page_at_a_time(
    client, tree, django_assert_max_num_queries
):
    from apps.organizations.views import CHILDREN_PAGE
    from tests.factories import OrganizationFactory

    qb = Organization.objects.get(code="QB")
    for i in range(CHILDREN_PAGE + 5 - qb.numchild):
        OrganizationFactory(parent=qb, code=f"QB-X{i:03d}", name=f"Chi bộ thêm {i:03d}")
    client.force_login(tree.qb_secretary)
    with django_assert_max_num_queries(12):
        first = client.get("/org/QB/children/").content.decode()
    assert first.count('<li id="node-') == CHILDREN_PAGE
    assert "Xem thêm" in first and "?after=" in first
    after = first.split("?after=")[1].split('"')[0]
    rest = client.get(f"/org/QB/children/?after={after}").content.decode()
    assert rest.count('<li id="node-') == 5
    assert "Xem thêm" not in rest
    shown = {chunk.split('"')[0] for chunk in (first + rest).split('<li id="node-')[1:]}
    assert len(shown) == CHILDREN_PAGE + 5  # every child once, none twice


def test_expanding_a_small_node_shows_no_more_button(client, tree):
    client.force_login(tree.qb_secretary)
    assert "Xem thêm" not in client.get("/org/QB/children/").content.decode()
