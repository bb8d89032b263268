from .selectors import unread_count


def unread_notifications(request):
    """The unread count in the header: one cheap indexed count, only for signed-in users."""
    user = getattr(request, "user", None)
    if not user or not user.is_authenticated:
        return {}
    if getattr(request, "second_factor_pending", False):  # half signed in: tell nothing yet
        return {}

    def count() -> int:
        return unread_count(user=user)

    return {"unread_notifications": count}
