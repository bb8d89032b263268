from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from apps.core.dates import local_today
from apps.organizations.selectors import memberships_of


@login_required
def home(request):
    """My organisations and roles: where each user starts."""
    today = local_today()
    memberships = list(memberships_of(user=request.user))
    active = [m for m in memberships if m.is_active_on(today)]
    ended = [m for m in memberships if not m.is_active_on(today)]
    return render(request, "accounts/home.html", {"active": active, "ended": ended})
