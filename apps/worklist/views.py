from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from apps.core.dates import local_today

from .cache import cached_home


@login_required
def home(request):
    """Việc cần làm: the person's own congresses with their countdowns, then every task they
    hold, most urgent first, each with one button that does it; their roles folded below.
    Cached until something it reads changes (apps.worklist.cache)."""
    home = cached_home(user=request.user, today=local_today())
    return render(request, "worklist/home.html", {"work": home.work, "roles": home.roles})
