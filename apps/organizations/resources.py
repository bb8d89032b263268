"""django-import-export resources for exports (CSV, XLSX) of the tree and of people and roles.

Imports go through apps.organizations.importing instead: a tree whose parents may come after
their children, all-or-nothing with row errors, cannot be imported row by row.
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef
from import_export import fields

from apps.core.exports import SpreadsheetSafeResource

from .models import Membership, MembershipCount, Organization
from .tree import parent_path


class OrganizationResource(SpreadsheetSafeResource):
    """code,parent_code,name,short_name,kind and the latest membership count
    (official_members,probationary_members,members_as_of; empty when none is recorded) — the
    same columns the import reads, so an export imported again changes nothing."""

    parent_code = fields.Field(column_name="parent_code")
    official_members = fields.Field(column_name="official_members")
    probationary_members = fields.Field(column_name="probationary_members")
    members_as_of = fields.Field(column_name="members_as_of")

    class Meta:
        model = Organization
        fields = (
            "code",
            "parent_code",
            "name",
            "short_name",
            "kind",
            "official_members",
            "probationary_members",
            "members_as_of",
        )
        export_order = fields

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._code_by_path: dict[str, str] = {}
        self._count_by_org: dict[int, MembershipCount] = {}

    def before_export(self, queryset, **kwargs):
        """One query for every parent's code and one for every latest count, not one per row."""
        parent_paths = {parent_path(path) for path in queryset.values_list("path", flat=True)}
        self._code_by_path = dict(
            Organization.objects.filter(path__in=parent_paths).values_list("path", "code")
        )
        newer = MembershipCount.objects.filter(
            organization_id=OuterRef("organization_id"), as_of__gt=OuterRef("as_of")
        )
        self._count_by_org = {
            c.organization_id: c
            for c in MembershipCount.objects.filter(
                organization__in=queryset.order_by().values("pk")
            )
            .exclude(Exists(newer))
            .only("organization_id", "as_of", "official", "probationary")
        }

    def dehydrate_parent_code(self, org: Organization) -> str:
        return self._code_by_path.get(parent_path(org.path), "")

    def dehydrate_official_members(self, org: Organization) -> str:
        count = self._count_by_org.get(org.pk)
        return str(count.official) if count else ""

    def dehydrate_probationary_members(self, org: Organization) -> str:
        count = self._count_by_org.get(org.pk)
        return str(count.probationary) if count else ""

    def dehydrate_members_as_of(self, org: Organization) -> str:
        count = self._count_by_org.get(org.pk)
        return count.as_of.strftime("%d/%m/%Y") if count else ""


class MembershipResource(SpreadsheetSafeResource):
    """username,full_name,email,organization_code,role,start_date,end_date."""

    username = fields.Field(attribute="user__username", column_name="username")
    full_name = fields.Field(attribute="user__full_name", column_name="full_name")
    email = fields.Field(attribute="user__email", column_name="email")
    organization_code = fields.Field(
        attribute="organization__code", column_name="organization_code"
    )

    class Meta:
        model = Membership
        fields = (
            "username",
            "full_name",
            "email",
            "organization_code",
            "role",
            "start_date",
            "end_date",
        )
        export_order = fields

    def dehydrate_start_date(self, m: Membership) -> str:
        return m.start_date.strftime("%d/%m/%Y")

    def dehydrate_end_date(self, m: Membership) -> str:
        return m.end_date.strftime("%d/%m/%Y") if m.end_date else ""
