"""Helpers shared by the views of every app."""

import logging
from typing import Any, NamedTuple

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied as HttpForbidden
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext, gettext_lazy

from .errors import DomainError, PermissionDenied

log = logging.getLogger(__name__)


def show_refusal(request, exc: DomainError, form: forms.Form | None = None) -> None:
    """Put a service's refusal where the user will read it: on the field it names, on the form,
    or as a message with every reason. A plain permission refusal is a 403."""
    if isinstance(exc, PermissionDenied) and exc.field is None:
        raise HttpForbidden(exc.message) from exc
    lines = [exc.message] + [r for r in exc.reasons if r != exc.message]
    if form is not None:
        field = exc.field if exc.field in form.fields else None
        for line in lines:
            form.add_error(field, line)
        return
    for line in lines:
        messages.error(request, line)


class ErrorPage(NamedTuple):
    title: Any
    explanation: Any


# The site's own error pages: Vietnamese (or the chosen language), in the layout, saying what
# happened and what to do; a refusal (403) also says why, in the service's own words.
ERROR_PAGES: dict[int, ErrorPage] = {
    400: ErrorPage(
        gettext_lazy("Yêu cầu không hợp lệ"),
        gettext_lazy(
            "Địa chỉ hoặc dữ liệu gửi lên không đúng. Hãy quay lại trang trước và thử lại."
        ),
    ),
    403: ErrorPage(
        gettext_lazy("Không có quyền thực hiện"),
        gettext_lazy("Tài khoản của bạn không được làm việc này với tổ chức hoặc hồ sơ này."),
    ),
    404: ErrorPage(
        gettext_lazy("Không tìm thấy trang"),
        gettext_lazy("Trang không tồn tại, đã bị xóa, hoặc bạn không được xem."),
    ),
    500: ErrorPage(
        gettext_lazy("Lỗi hệ thống"),
        gettext_lazy("Hệ thống gặp sự cố; việc của bạn chưa được lưu. Hãy thử lại sau ít phút."),
    ),
}


def error_page(request, status: int, reason: str = "") -> HttpResponse:
    """Render the error page for `status`; API clients get JSON with the same words."""
    page = ERROR_PAGES[status]
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": reason or str(page.title)}, status=status)
    context = {"status": status, "page": page, "reason": reason}
    try:
        return render(request, "errors/page.html", context, status=status)
    except Exception:  # the layout itself failed (e.g. the database is down): plain words
        if status != 500:
            raise
        log.exception("the error page could not be rendered in the layout")
        return HttpResponse(
            f"<!doctype html><meta charset=utf-8><title>{page.title}</title>"
            f"<h1>{page.title}</h1><p>{page.explanation}</p>",
            status=500,
        )


def bad_request(request, exception=None):
    return error_page(request, 400)


def permission_denied(request, exception=None):
    """The refusal's reason is the domain error's message (services and views raise 403 with
    it); Django's own refusals carry none and get the general explanation."""
    reason = str(exception) if exception is not None and exception.args else ""
    return error_page(request, 403, reason)


def not_found(request, exception=None):
    # Http404's own text is internal ("No Congress matches the given query"): never shown.
    return error_page(request, 404)


def server_error(request):
    return error_page(request, 500)


def csrf_failure(request, reason=""):
    """A form sent without its security token (an old tab, cookies off): a 403 saying so."""
    return error_page(
        request,
        403,
        gettext(
            "Phiên làm việc của biểu mẫu đã hết hạn hoặc trình duyệt chặn cookie. "
            "Hãy tải lại trang rồi gửi lại."
        ),
    )


def submit_form(request, form: forms.Form, action, *, success, then):
    """The shape every form page shares: on a valid POST run the service (`action(data)`);
    a refusal goes onto the form (None: render the page again), success adds the message
    (`success` may be a function of the result) and returns the redirect (`then(result)`)."""
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        result = action(form.cleaned_data)
    except DomainError as exc:
        show_refusal(request, exc, form)
        return None
    messages.success(request, success(result) if callable(success) else success)
    return redirect(then(result))
