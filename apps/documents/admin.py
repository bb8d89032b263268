from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Circulation, Comment, DraftDocument, DraftRound


class DraftRoundInline(admin.TabularInline):
    model = DraftRound
    extra = 0
    fields = ("number", "original_filename", "submitted_by", "submitted_at")
    readonly_fields = fields


@admin.register(DraftDocument)
class DraftDocumentAdmin(admin.ModelAdmin):
    list_display = ("congress", "kind", "title", "is_restricted")
    list_filter = ("kind", "is_restricted")
    raw_id_fields = ("congress",)
    inlines = [DraftRoundInline]


@admin.register(DraftRound)
class DraftRoundAdmin(admin.ModelAdmin):
    """Rounds are immutable once submitted: the admin shows them, it does not edit them."""

    list_display = ("document", "number", "submitted_by", "submitted_at")
    raw_id_fields = ("document", "submitted_by")

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Circulation)
class CirculationAdmin(SimpleHistoryAdmin):
    list_display = ("round", "official_date", "comment_deadline", "to_subordinates")
    raw_id_fields = ("round", "entered_by")
    filter_horizontal = ("recipient_organizations", "recipient_users")


@admin.register(Comment)
class CommentAdmin(SimpleHistoryAdmin):
    list_display = ("round", "organization", "author", "disposition")
    list_filter = ("disposition",)
    raw_id_fields = ("round", "circulation", "organization", "author", "disposed_by")
