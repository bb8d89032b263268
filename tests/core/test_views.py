"""apps.core.views: 400, 403, 404 and 500 are the site's own pages: in the layout, in Vietnamese,
saying what happened; a refusal (403) names its reason in the service's words. API clients get
JSON. A service's refusal lands on the form field it names, or as messages."""

import json

import pytest
from django import forms
from django.test import Client

from apps.core.errors import DomainError, PermissionDenied
from apps.core.views import show_refusal, submit_form

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


def _with_messages(rf, method="post", data=None):
    from django.contrib.messages.storage.fallback import FallbackStorage

    request = getattr(rf, method)("/x/", data or {})
    request.session = {}
    request._messages = FallbackStorage(request)
    return request


def _messages(request) -> list[str]:
    return [str(m) for m in request._messages]


class _NameForm(forms.Form):
    name = forms.CharField(required=False)


def test_a_refusal_goes_onto_the_field_it_names_with_every_reason(rf):
    form = _NameForm({"name": "x"})
    assert form.is_valid()
    refusal = DomainError("Tên đã dùng.", ["Tên đã dùng.", "Mã cũng đã dùng."], field="name")
    show_refusal(_with_messages(rf), refusal, form)
    assert form.errors == {"name": ["Tên đã dùng.", "Mã cũng đã dùng."]}


def test_a_refusal_for_a_field_the_form_lacks_goes_onto_the_form(rf):
    form = _NameForm({"name": "x"})
    form.is_valid()
    show_refusal(_with_messages(rf), DomainError("Không được.", field="other"), form)
    assert form.non_field_errors() == ["Không được."]


def test_without_a_form_every_reason_is_a_message(rf):
    request = _with_messages(rf)
    show_refusal(request, DomainError("Chưa mở được.", ["Thiếu R30.", "Thiếu R20."]))
    assert _messages(request) == ["Chưa mở được.", "Thiếu R30.", "Thiếu R20."]


def test_a_plain_permission_refusal_is_a_403_and_one_on_a_field_stays_on_the_form(rf):
    from django.core.exceptions import PermissionDenied as HttpForbidden

    with pytest.raises(HttpForbidden, match=r"Không có quyền\."):
        show_refusal(_with_messages(rf), PermissionDenied("Không có quyền."), _NameForm())
    form = _NameForm({"name": "x"})
    form.is_valid()
    show_refusal(_with_messages(rf), PermissionDenied("Không được gán.", field="name"), form)
    assert form.errors == {"name": ["Không được gán."]}


def test_submit_form_runs_the_action_on_a_valid_post_only(rf):
    calls = []

    def action(data):
        calls.append(data)
        return 7

    get = _with_messages(rf, "get")
    assert submit_form(get, _NameForm(), action, success="ok", then=str) is None
    request = _with_messages(rf)
    response = submit_form(
        request,
        _NameForm({"name": "A"}),
        action,
        success=lambda n: f"Đã lưu {n}.",
        then=lambda n: f"/done/{n}/",
    )
    assert response.status_code == 302 and response["Location"] == "/done/7/"
    assert calls == [{"name": "A"}] and _messages(request) == ["Đã lưu 7."]


def test_submit_form_puts_a_refusal_on_the_form_and_adds_no_success(rf):
    def refuse(data):
        raise DomainError("Trùng tên.", field="name")

    request = _with_messages(rf)
    form = _NameForm({"name": "A"})
    assert submit_form(request, form, refuse, success="ok", then=str) is None
    assert form.errors == {"name": ["Trùng tên."]} and _messages(request) == []


def test_a_500_whose_layout_fails_is_plain_words_and_other_statuses_raise(rf, monkeypatch):
    from apps.core import views

    def broken(*args, **kwargs):
        raise RuntimeError("the database is down")

    monkeypatch.setattr(views, "render", broken)
    plain = views.error_page(rf.get("/org/"), 500)
    assert plain.status_code == 500
    assert plain.content.decode() == (
        "<!doctype html><meta charset=utf-8><title>Lỗi hệ thống</title><h1>Lỗi hệ thống</h1>"
        "<p>Hệ thống gặp sự cố; việc của bạn chưa được lưu. Hãy thử lại sau ít phút.</p>"
    )
    with pytest.raises(RuntimeError):
        views.error_page(rf.get("/org/"), 404)


def test_the_api_error_names_the_reason_or_the_title(rf):
    from apps.core import views

    assert json.loads(views.error_page(rf.get("/api/v1/x/"), 403, "Vì sao").content) == {
        "detail": "Vì sao"
    }
    assert json.loads(views.not_found(rf.get("/api/v1/x/")).content) == {
        "detail": "Không tìm thấy trang"
    }
