def unread_notifications(request):
    """The unread count in the header: one cheap indexed count, only for signed-in users."""
    user = getattr(request, "user", None)
    if not user or not user.is_authenticated:
        return {}

    def count() -> int:
        return user.notifications.filter(read_at__isnull=True).count()

    return {"unread_notifications": count}
