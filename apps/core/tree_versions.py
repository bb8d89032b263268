"""Versions of the organisation tree's subtrees, which cached roll-ups carry in their keys.

A change to something a rule reads about one organisation (its congress, a report, a
circulation, its name or children) renews the version of every subtree that contains it: the
organisation's path and each of its prefixes, its ancestors'. A roll-up cached under a subtree's
version becomes unreachable exactly when something below changed, and the subtrees beside it
(another province) keep theirs. Changes that reach everything (a rule set, a term) renew
EVERYTHING, which every roll-up key carries too; changes to who may see what renew SCOPES.

A version is a fresh random token, never a counter: a token lost from the cache (evicted,
flushed, a restarted Redis) comes back as another fresh token, so a roll-up computed before a
change can never be found again under the same key (a counter restarting at 1 could).

When: renewed at once (the writer's own request, inside its transaction, sees its change) and
again right after the commit, in one cache call for the whole transaction. A reader that took
the first token and read the facts before the commit caches them under a token the second
renewal retires; only readers starting after the commit see the final token, and they read
committed facts.

Where: the low layer, importing no app, so organisations, congresses and the development tools
renew versions without importing each other (docs/architecture.md §2).
"""

from __future__ import annotations

import secrets
import threading
from collections.abc import Iterable, Sequence

from django.core.cache import cache
from django.db import transaction

from .request_memo import forget_all

EVERYTHING = "tv:*"  # rule sets, terms: every roll-up
SCOPES = "tv:scopes"  # memberships, role permissions, working groups: cached user scopes
FACTS = "tv:facts"  # any fact anywhere: pages that read across the tree (a person's home)

# How long what is cached under a version is kept: a change makes it unreachable at once, the
# TTL only frees the memory.
TTL_SECONDS = 600

_pending = threading.local()


def subtree(path: str) -> str:
    """The version name of the subtree rooted at `path`."""
    return f"tv:{path}"


def subtrees(paths: Iterable[str]) -> set[str]:
    """The version names of the subtrees rooted at `paths` (an organisation's own path and its
    ancestors', apps.organizations.tree.ancestor_paths, for a change to that organisation)."""
    return {subtree(path) for path in paths}


def current(names: Sequence[str]) -> dict[str, str]:
    """The tokens of `names`, in one cache read; a name without a token gets a fresh one
    (`add`: if another process gave it one meanwhile, that one is kept and read)."""
    tokens = cache.get_many(list(names))
    for name in names:
        if name not in tokens:
            fresh = _fresh()
            tokens[name] = fresh if cache.add(name, fresh, None) else cache.get(name, fresh)
    return tokens


def renew(names: Iterable[str], *, using: str | None = None) -> None:
    """Retire the tokens of `names`: now, and again after the transaction commits (one cache
    call for all the names the transaction renewed). Outside a transaction both happen now."""
    names = set(names)
    if not names:
        return
    forget_all()  # whatever the request read from the facts is read again
    cache.set_many({name: _fresh() for name in names}, None)
    pending: set[str] | None = getattr(_pending, "names", None)
    if pending is None:
        pending = _pending.names = set()
    pending |= names
    # Each call schedules a flush; the first to run after the commit renews everything pending
    # and the others find nothing left. A rolled-back transaction's names stay pending and are
    # renewed with the next commit: one needless renewal, never a missed one.
    transaction.on_commit(_flush, using=using)


def _flush() -> None:
    pending: set[str] | None = getattr(_pending, "names", None)
    if pending:
        _pending.names = set()
        cache.set_many({name: _fresh() for name in pending}, None)


def _fresh() -> str:
    return secrets.token_hex(6)
