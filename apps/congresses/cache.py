"""Cached traffic lights for dashboards, kept correct by a version number.

Every change to a fact a rule reads (congresses, circulations, reports and decisions, lessons
meetings, the tree, memberships, terms and rule sets) or to what a user may see (role
permissions, working groups: users' scopes are cached under it too) bumps a version row in the
database, in the same transaction: through the models' signals, so admin edits count too, and
from the bulk paths themselves. Readers see the new version exactly when they can see the new
facts (at commit), in every process, whatever the cache backend. A dashboard's evaluations are
cached under (version, root, term, day, what the user may see); older entries become unreachable
and the TTL only frees memory.
"""

from __future__ import annotations

from django.db.models import F

from apps.core.request_memo import forget_all, once_per_request

TTL_SECONDS = 600


def facts_version() -> int:
    """The current version, read once per request (apps.core.request_memo)."""
    from .models import FactsVersion

    return once_per_request(
        "facts_version",
        lambda: FactsVersion.objects.filter(pk=1).values_list("value", flat=True).first() or 0,
    )


def facts_changed(*args, **kwargs) -> None:
    from .models import FactsVersion

    forget_all()  # the version and whatever the request read from the facts
    if not FactsVersion.objects.filter(pk=1).update(value=F("value") + 1):
        FactsVersion.objects.get_or_create(pk=1, defaults={"value": 1})
