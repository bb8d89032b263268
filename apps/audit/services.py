"""Writing audit rows, inside the caller's transaction so the row and the change commit together."""

from typing import Any

from django.db import models

from .models import AuditEvent


def audit_record(
    *, actor: Any, verb: str, target: models.Model, organization: Any = None, **data: Any
) -> AuditEvent:
    """Record one action; `data` holds the facts a reader needs later (dates, notes, reasons)."""
    return AuditEvent.objects.create(
        actor=actor if getattr(actor, "pk", None) else None,
        verb=verb,
        organization=organization,
        target_type=target._meta.label_lower,
        target_id=str(target.pk),
        data={key: _jsonable(value) for key, value in data.items()},
    )


def _jsonable(value: Any) -> Any:
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if isinstance(value, models.Model):
        return str(value.pk)
    return value
