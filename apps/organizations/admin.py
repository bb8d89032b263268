from django.contrib import admin
from guardian.admin import GuardedModelAdminMixin
from import_export.admin import ExportMixin
from simple_history.admin import SimpleHistoryAdmin
from treebeard.admin import TreeAdmin
from treebeard.forms import movenodeform_factory

from .models import Membership, MembershipCount, Organization, OrganizationRole, WorkingGroup
from .resources import MembershipResource, OrganizationResource


@admin.register(Organization)
class OrganizationAdmin(ExportMixin, GuardedModelAdminMixin, TreeAdmin):
    """Export through django-import-export; import (a tree, all or nothing, with a dry-run
    preview) through the office's page /org/<code>/import/, which administrators may use too."""

    resource_classes = [OrganizationResource]
    change_list_template = "admin/organizations/organization/change_list.html"

    def get_urls(self):
        from django.shortcuts import redirect
        from django.urls import path

        def import_file(request):
            root = Organization.objects.filter(depth=1).order_by("path").first()
            return redirect("organizations:import", code=root.code) if root else redirect("..")

        return [
            path(
                "import-file/",
                self.admin_site.admin_view(import_file),
                name="organization_import_file",
            ),
            *super().get_urls(),
        ]

    form = movenodeform_factory(Organization)
    list_display = ("name", "code", "short_name", "kind", "is_active")
    list_filter = ("kind", "is_active")
    search_fields = ("code", "name", "short_name", "search_text")


@admin.register(Membership)
class MembershipAdmin(ExportMixin, admin.ModelAdmin):
    resource_classes = [MembershipResource]
    list_display = ("user", "organization", "role", "start_date", "end_date")
    list_filter = ("role",)
    search_fields = (
        "user__username",
        "user__full_name",
        "organization__code",
        "organization__name",
    )
    autocomplete_fields = ("user", "organization")
    list_select_related = ("user", "organization")


@admin.register(OrganizationRole)
class OrganizationRoleAdmin(admin.ModelAdmin):
    list_display = ("organization", "role", "group")
    list_filter = ("role",)
    search_fields = ("organization__code", "organization__name")
    list_select_related = ("organization", "group")
    raw_id_fields = ("organization", "group")


@admin.register(WorkingGroup)
class WorkingGroupAdmin(admin.ModelAdmin):
    list_display = ("name", "organization")
    filter_horizontal = ("members", "followed")
    search_fields = ("name",)


@admin.register(MembershipCount)
class MembershipCountAdmin(SimpleHistoryAdmin):
    list_display = ("organization", "as_of", "official", "probationary")
    search_fields = ("organization__code", "organization__name")
    raw_id_fields = ("organization",)
