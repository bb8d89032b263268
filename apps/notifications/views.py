from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from .models import Notification
from .selectors import notices_of
from .services import notification_mark_read


@login_required
def inbox(request):
    everything = request.GET.get("show") == "all"
    notices = notices_of(user=request.user, include_resolved=everything)
    page = Paginator(notices, 50).get_page(request.GET.get("page"))
    return render(request, "notifications/inbox.html", {"page": page, "everything": everything})


@login_required
def open_notice(request, pk: int):
    """Opening a notice reads it: mark it read, then go where it points. Only one's own."""
    notice = get_object_or_404(Notification, pk=pk, recipient=request.user)
    notification_mark_read(user=request.user, notification_id=notice.pk)
    target = notice.url
    if not target or not url_has_allowed_host_and_scheme(target, allowed_hosts=None):
        return redirect("notifications:inbox")
    return redirect(target)


@login_required
@require_POST
def mark_read(request):
    raw = request.POST.get("id")
    notification_mark_read(
        user=request.user, notification_id=int(raw) if raw and raw.isdigit() else None
    )
    return redirect("notifications:inbox")
