"""django-import-export resources for exports (CSV, XLSX) of the tree and of people and roles.

Imports go through apps.organizations.importing instead: a tree whose parents may come after
their children, all-or-nothing with row errors, cannot be imported row by row.
"""

from __future__ import annotations

from import_export import fields

from apps.core.exports import SpreadsheetSafeResource

from .models import Membership, Organization
from .tree import parent_path


class OrganizationResource(SpreadsheetSafeResource):
    """code,parent_code,name,short_name,kind — the same columns the import reads."""

    parent_code = fields.Field(column_name="parent_code")

    class Meta:
        model = Organization
        fields = ("code", "parent_code", "name", "short_name", "kind")
        export_order = ("code", "parent_code", "name", "short_name", "kind")

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._code_by_path: dict[str, str] = {}

    def before_export(self, queryset, **kwargs):
        """One query for every parent's code, instead of one per row."""
        parent_paths = {parent_path(path) for path in queryset.values_list("path", flat=True)}
        self._code_by_path = dict(
            Organization.objects.filter(path__in=parent_paths).values_list("path", "code")
        )

    def dehydrate_parent_code(self, org: Organization) -> str:
        return self._code_by_path.get(parent_path(org.path), "")


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
