"""Cached traffic lights for dashboards, kept correct by a version number.

Every committed change to a fact a rule reads (congresses, circulations, reports and decisions,
lessons meetings, the tree, terms and rule sets) bumps the version, through the models' signals
so admin edits count too, and bulk paths bump it themselves. A dashboard's evaluations are
cached under (version, root, term, day, what the user may see): a change makes every older entry
unreachable, a new day makes a new key, and the TTL only frees memory.
"""

from __future__ import annotations

from django.core.cache import cache
from django.db import transaction

VERSION_KEY = "congresses:facts-version"
TTL_SECONDS = 600


def facts_version() -> int:
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, 1, None)
        version = cache.get(VERSION_KEY) or 1
    return version


def _bump() -> None:
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        cache.set(VERSION_KEY, 2, None)


def facts_changed(*args, **kwargs) -> None:
    """Bump now (this process sees its own change at once) and again after commit (so a reader
    who cached the old facts during the transaction is not believed afterwards)."""
    _bump()
    transaction.on_commit(_bump)
