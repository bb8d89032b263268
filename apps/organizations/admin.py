from django.contrib import admin
from guardian.admin import GuardedModelAdminMixin
from treebeard.admin import TreeAdmin
from treebeard.forms import movenodeform_factory

from .models import Membership, Organization, OrganizationRole, WorkingGroup


@admin.register(Organization)
class OrganizationAdmin(GuardedModelAdminMixin, TreeAdmin):
    form = movenodeform_factory(Organization)
    list_display = ("name", "code", "short_name", "kind", "is_active")
    list_filter = ("kind", "is_active")
    search_fields = ("code", "name", "short_name", "search_text")


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
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
