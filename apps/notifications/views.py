from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from .services import notification_mark_read


@login_required
def inbox(request):
    page = Paginator(request.user.notifications.all(), 50).get_page(request.GET.get("page"))
    return render(request, "notifications/inbox.html", {"page": page})


@login_required
@require_POST
def mark_read(request):
    raw = request.POST.get("id")
    notification_mark_read(
        user=request.user, notification_id=int(raw) if raw and raw.isdigit() else None
    )
    return redirect("notifications:inbox")
