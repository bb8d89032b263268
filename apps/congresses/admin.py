from django.contrib import admin
from import_export.admin import ExportMixin
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    Congress,
    LessonsMeeting,
    RuleSet,
    Subcommittee,
    SuperiorReport,
    SupervisionAssignment,
    Term,
)
from .resources import CongressScheduleResource, CongressStatusResource


@admin.register(RuleSet)
class RuleSetAdmin(SimpleHistoryAdmin):
    list_display = ("name", "r30_days", "r20_days", "working_days", "announcement_enabled")


@admin.register(Term)
class TermAdmin(admin.ModelAdmin):
    list_display = ("code", "start_year", "end_year", "rule_set")


class SubcommitteeInline(admin.TabularInline):
    model = Subcommittee
    extra = 0
    filter_horizontal = ("members",)
    raw_id_fields = ("head",)


@admin.register(Congress)
class CongressAdmin(ExportMixin, SimpleHistoryAdmin):
    resource_classes = [CongressScheduleResource, CongressStatusResource]
    list_display = ("organization", "term", "ordinal", "opening_date", "is_pilot", "status")
    list_filter = ("term", "status", "is_pilot", "kind")
    search_fields = ("organization__code", "organization__name")
    raw_id_fields = ("organization",)
    list_select_related = ("organization", "term")
    inlines = [SubcommitteeInline]
    date_hierarchy = "opening_date"


@admin.register(SupervisionAssignment)
class SupervisionAssignmentAdmin(admin.ModelAdmin):
    list_display = ("organization", "term", "supervisor")
    raw_id_fields = ("organization", "supervisor")


@admin.register(LessonsMeeting)
class LessonsMeetingAdmin(SimpleHistoryAdmin):
    list_display = ("organization", "term", "held_on")
    raw_id_fields = ("organization",)


@admin.register(SuperiorReport)
class SuperiorReportAdmin(SimpleHistoryAdmin):
    list_display = ("congress", "official_date", "decision", "decided_on")
    list_filter = ("decision",)
    raw_id_fields = ("congress", "submitted_by", "decided_by")
