from django.contrib import admin

from .models import GeneratedReport, IssuedDocument, NumberCounter


@admin.register(IssuedDocument)
class IssuedDocumentAdmin(admin.ModelAdmin):
    """The register is append-only: numbers never repeat, so nothing here edits or deletes."""

    list_display = ("symbol", "organization", "term", "issued_on", "title")
    list_filter = ("doc_type", "term")
    search_fields = ("symbol", "title", "organization__code")

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(NumberCounter)
class NumberCounterAdmin(admin.ModelAdmin):
    list_display = ("organization", "term", "doc_type", "last_number")
    readonly_fields = ("organization", "term", "doc_type", "last_number")


@admin.register(GeneratedReport)
class GeneratedReportAdmin(admin.ModelAdmin):
    list_display = ("title", "requested_by", "status", "progress", "created_at")
    list_filter = ("status",)
    raw_id_fields = ("requested_by", "organization")
