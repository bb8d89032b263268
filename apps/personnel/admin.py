from django.contrib import admin

from .models import (
    Candidate,
    CandidateVote,
    ElectionResult,
    FollowUpTask,
    NonReelection,
    PersonnelPlan,
    PlanStep,
    Ratification,
)


class CandidateInline(admin.TabularInline):
    model = Candidate
    extra = 0
    raw_id_fields = ("user",)


class PlanStepInline(admin.TabularInline):
    model = PlanStep
    extra = 0
    readonly_fields = ("from_status", "to_status", "by", "at", "note")


@admin.register(PersonnelPlan)
class PersonnelPlanAdmin(admin.ModelAdmin):
    list_display = ("congress", "version", "status", "seats")
    list_filter = ("status",)
    raw_id_fields = ("congress", "created_by")
    inlines = [CandidateInline, PlanStepInline]


class CandidateVoteInline(admin.TabularInline):
    model = CandidateVote
    extra = 0


@admin.register(ElectionResult)
class ElectionResultAdmin(admin.ModelAdmin):
    list_display = ("congress", "summoned", "excused", "ballots_valid", "first_meeting_date")
    raw_id_fields = ("congress", "plan", "recorded_by")
    inlines = [CandidateVoteInline]


admin.site.register(Ratification)
admin.site.register(NonReelection)
admin.site.register(FollowUpTask)
