from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from apps.core.dates import local_today
from apps.organizations.selectors import memberships_of

from .selectors import worklist_for


@login_required
def home(request):
    """Việc cần làm: the person's own congresses with their countdowns, then every task they
    hold, most urgent first, each with one button that does it; their roles folded below."""
    today = local_today()
    roles = [m for m in memberships_of(user=request.user) if m.is_active_on(today)]
    context = {"work": worklist_for(user=request.user, today=today), "roles": roles}
    return render(request, "worklist/home.html", context)
