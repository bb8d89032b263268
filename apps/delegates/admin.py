from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    Allocation,
    AllocationShare,
    Delegate,
    DelegateCandidate,
    DelegateElection,
)


class ShareInline(admin.TabularInline):
    model = AllocationShare
    extra = 0
    raw_id_fields = ("organization",)


@admin.register(Allocation)
class AllocationAdmin(SimpleHistoryAdmin):
    list_display = ("congress", "seats", "by_right", "decided_on", "issued_on")
    raw_id_fields = ("congress",)
    inlines = [ShareInline]


class CandidateInline(admin.TabularInline):
    model = DelegateCandidate
    extra = 0


@admin.register(DelegateElection)
class DelegateElectionAdmin(SimpleHistoryAdmin):
    list_display = ("congress", "official_seats", "alternate_seats", "recorded_at")
    raw_id_fields = ("congress", "share")
    inlines = [CandidateInline]


@admin.register(Delegate)
class DelegateAdmin(SimpleHistoryAdmin):
    list_display = ("full_name", "code", "congress", "source", "kind", "status")
    list_filter = ("kind", "status")
    search_fields = ("full_name", "code")
    raw_id_fields = ("congress", "source", "election", "candidate", "user", "replaced_by")
