"""Congress schedules (import and export) and the congress status table (export) on the
office's import/export page (apps/organizations/transfers.py finds this module)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy

from apps.organizations.models import Organization
from apps.organizations.permissions import restrict
from apps.organizations.transfers import Transfer, transfer_register

from .importing import import_congresses
from .models import Congress
from .resources import CongressScheduleResource, CongressStatusResource


def _congresses(org: Organization, user: Any) -> QuerySet:
    return (
        restrict(
            Congress.objects.filter(organization__path__startswith=org.path),
            user,
            via="organization",
        )
        .select_related("organization", "term")
        .order_by("organization__path", "opening_date")
    )


transfer_register(
    Transfer(
        key="congresses",
        order=30,
        resource=CongressScheduleResource,
        rows=_congresses,
        import_label=gettext_lazy(
            "Lịch đại hội (organization_code,term,ordinal,kind,opening_date,…)"
        ),
        importer=import_congresses,
    )
)
transfer_register(
    Transfer(key="status", order=40, resource=CongressStatusResource, rows=_congresses)
)
