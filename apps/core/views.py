"""Helpers shared by the views of every app."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied as HttpForbidden

from .errors import DomainError, PermissionDenied


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


def not_found(request, exception=None):
    """API clients get JSON for an address that matches nothing; people get the usual page."""
    if request.path.startswith("/api/"):
        from django.http import JsonResponse
        from django.utils.translation import gettext as _

        return JsonResponse({"detail": _("Không tìm thấy.")}, status=404)
    from django.views.defaults import page_not_found

    return page_not_found(request, exception)


def server_error(request):
    if request.path.startswith("/api/"):
        from django.http import JsonResponse
        from django.utils.translation import gettext as _

        return JsonResponse({"detail": _("Lỗi máy chủ.")}, status=500)
    from django.views.defaults import server_error as default

    return default(request)


def submit_form(request, form: forms.Form, action, *, success, then):
    """The shape every form page shares: on a valid POST run the service (`action(data)`);
    a refusal goes onto the form (None: render the page again), success adds the message
    (`success` may be a function of the result) and returns the redirect (`then(result)`)."""
    from django.shortcuts import redirect

    if request.method != "POST" or not form.is_valid():
        return None
    try:
        result = action(form.cleaned_data)
    except DomainError as exc:
        show_refusal(request, exc, form)
        return None
    messages.success(request, success(result) if callable(success) else success)
    return redirect(then(result))
