from django.contrib import admin

from .models import Notification


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ("created_at", "recipient", "subject", "read_at", "emailed_at")
    search_fields = ("key", "subject", "recipient__username")
    raw_id_fields = ("recipient",)
