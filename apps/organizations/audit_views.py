"""The standing committee's audit page: approvals, decisions and downloads in its subtree.

An organisation's page (/org/<code>/audit/), asking this app's permission layer, so it lives
here; `audit` below holds only the record and its wording, and imports no app."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as HttpForbidden
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils.translation import gettext as _

from apps.audit.models import AuditEvent
from apps.audit.wording import GROUPS

from .permissions import Action, may
from .views import visible_or_404


@login_required
def audit_page(request, code: str):
    org = visible_or_404(request, code)
    if not any(
        may(request.user, a, org) for a in (Action.LEAD, Action.APPROVE_PLAN, Action.SUPERVISE)
    ):
        raise HttpForbidden(_("Chỉ lãnh đạo và Ban Thường vụ được xem nhật ký."))
    events = AuditEvent.objects.filter(organization__path__startswith=org.path).select_related(
        "actor", "organization"
    )
    verb = request.GET.get("verb", "")
    if verb:
        events = events.filter(verb__startswith=verb)
    page = Paginator(events.order_by("-at", "-id"), 100).get_page(request.GET.get("page"))
    return render(
        request,
        "audit/page.html",
        {"org": org, "page": page, "verb": verb, "prefixes": list(GROUPS)},
    )
