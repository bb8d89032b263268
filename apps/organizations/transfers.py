"""The kinds of data the office moves in and out on an organisation's import/export page
(/org/<code>/import/ and /export/, transfer_views.py).

Organisations and people are this app's own and are registered below. Apps above this one add
their kinds in a `transfers.py` module of their own (congresses: schedules and the status
table), found the way Django's admin finds `admin.py` modules, so the page lists them while
`organizations` imports none of those apps (the layers contract in pyproject.toml)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

from django.db.models import QuerySet
from django.utils.functional import Promise
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy
from import_export.resources import ModelResource

from .importing import ImportResult, import_organizations, import_people
from .models import Membership, Organization
from .permissions import restrict
from .resources import MembershipResource, OrganizationResource


class Importer(Protocol):
    def __call__(
        self, data: bytes, filename: str, *, actor: Any = None, dry_run: bool = False
    ) -> ImportResult: ...


@dataclass(frozen=True)
class Transfer:
    """One kind of data: how it is exported (a resource over the rows below an organisation
    that the user may see) and, if it can be imported, the importer and its label on the
    import form (which names the columns)."""

    key: str
    order: int
    resource: Callable[[], ModelResource]
    rows: Callable[[Organization, Any], QuerySet]
    import_label: str | Promise | None = None
    importer: Importer | None = None
    office_only_export: bool = False


_TRANSFERS: dict[str, Transfer] = {}
_discovered = False


def transfer_register(transfer: Transfer) -> None:
    _TRANSFERS[transfer.key] = transfer


def transfers() -> list[Transfer]:
    """Every kind, in order, once each app's `transfers` module has registered its own."""
    global _discovered
    if not _discovered:
        autodiscover_modules("transfers")
        _discovered = True
    return sorted(_TRANSFERS.values(), key=lambda t: t.order)


def transfer_named(key: str) -> Transfer | None:
    return next((t for t in transfers() if t.key == key), None)


def import_choices() -> list[tuple[str, str | Promise]]:
    """The import form's choices: every kind that has an importer."""
    return [(t.key, t.import_label) for t in transfers() if t.importer and t.import_label]


def _organizations(org: Organization, user: Any) -> QuerySet:
    return restrict(Organization.objects.filter(path__startswith=org.path), user).order_by("path")


def _people(org: Organization, user: Any) -> QuerySet:
    return (
        Membership.objects.filter(organization__path__startswith=org.path)
        .select_related("user", "organization")
        .order_by("organization__path", "role")
    )


transfer_register(
    Transfer(
        key="organizations",
        order=10,
        resource=OrganizationResource,
        rows=_organizations,
        import_label=gettext_lazy(
            "Tổ chức (code,parent_code,name,short_name,kind; có thể thêm official_members,"
            "probationary_members,members_as_of)"
        ),
        importer=import_organizations,
    )
)
transfer_register(
    Transfer(
        key="people",
        order=20,
        resource=MembershipResource,
        rows=_people,
        import_label=gettext_lazy(
            "Người và vai trò (username,full_name,email,organization_code,role,…)"
        ),
        importer=import_people,
        office_only_export=True,
    )
)
