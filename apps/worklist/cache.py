"""Each person's home page, cached until something it reads changes.

The page reads the rules' facts (congresses, reports, circulations, the tree, memberships and
permissions: apps.congresses.cache.facts_version()) and a few things the rules do not (rounds
waiting to be circulated, comments given and handled, personnel plans, election results and
ratifications, numbered documents, delegate allocations and elections). Those renew WORKLIST,
a version kept like the tree's (apps.core.tree_versions: a random token renewed at once and again
after the commit, through the models' signals, so the admin counts too; no database row every
writer would queue on). A home
page is cached (the worklist and the person's roles) under (person, the facts' version, the
worklist version, day, language); older entries become unreachable and the TTL only frees
memory. The number of organisations a person serves does not change the cost of a cached page:
it is one cache read.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, NamedTuple

from django.core.cache import cache
from django.utils.translation import get_language

from apps.congresses.cache import TTL_SECONDS, facts_version
from apps.core import tree_versions
from apps.organizations.models import Membership
from apps.organizations.selectors import memberships_of

from .selectors import Worklist, worklist_for

# What the home page reads that the facts version does not cover (documents.Circulation and the
# congress's own models are facts already).
WATCHED = (
    "documents.DraftDocument",
    "documents.DraftRound",
    "documents.Comment",
    "personnel.PersonnelPlan",
    "personnel.ElectionResult",
    "personnel.Ratification",
    "reports.IssuedDocument",
    # A subordinate's election of delegates: owed once the allocation is issued, done once
    # recorded.
    "delegates.Allocation",
    "delegates.AllocationShare",
    "delegates.DelegateElection",
)


# The shape of what is cached (Home, Worklist, Task, OwnCongress): change it with their fields,
# so a process of the new code never unpickles an entry an older one left in a shared cache.
HOME_SHAPE = 4


# The version of what the home page reads beyond the facts.
WORKLIST = "tv:worklist"


def worklist_version() -> str:
    return tree_versions.current([WORKLIST])[WORKLIST]


def worklist_changed(*args: Any, **kwargs: Any) -> None:
    """The receiver of post_save and post_delete of the WATCHED models."""
    tree_versions.renew({WORKLIST})


class Home(NamedTuple):
    """What the home page shows: the worklist and the person's roles in force today."""

    work: Worklist
    roles: list[Membership]


def cached_home(*, user: Any, today: dt.date) -> Home:
    """The person's home from the cache, computed (and kept) when it is not there."""
    key = ":".join(
        str(part)
        for part in (
            f"worklist{HOME_SHAPE}",
            user.pk,
            facts_version(),
            worklist_version(),
            today.isoformat(),
            get_language(),
        )
    )
    home = cache.get(key)
    if home is None:
        roles = [m for m in memberships_of(user=user) if m.is_active_on(today)]
        home = Home(worklist_for(user=user, today=today), roles)
        cache.set(key, home, TTL_SECONDS)
    return home
