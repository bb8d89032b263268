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
