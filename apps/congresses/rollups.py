"""Dashboard roll-ups per subtree: every congress below an organisation with its traffic
lights, cached per child subtree and rebuilt from the children's cached parts.

An organisation's *part* is its own congresses and every congress below it, evaluated, for one
term and day. It is cached under its subtree's version (apps.core.tree_versions), which a change
renews for the changed organisation and its ancestors only. So after a date moves in one cell of
province A, the root's rows are the 62 other provinces' parts read from the cache as they were,
plus A's part rebuilt from A's committees' parts (29 of them still cached) plus the changed
committee's, rebuilt from its cells; what is evaluated again is one congress per level, in a
number of queries that does not depend on the size of the tree. Parts hold every congress,
whoever looks: what a user may see is filtered afterwards (selectors.dashboard_rows), so every
central user shares one set of parts.

Identical rebuilds running at once (four users opening the root right after a change) are
computed once: apps.core.single_flight.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import NamedTuple

from django.core.cache import cache
from django.db.models import Q, QuerySet

from apps.core import tree_versions
from apps.core.single_flight import computed_once
from apps.organizations.models import Organization
from apps.organizations.tree import STEPLEN

from .cache import TTL_SECONDS
from .deadlines import RuleCode
from .facts import evaluate_rows
from .models import Congress, CongressStatus

DASH_ROW_SHAPE = 3  # in the cache keys: rows cached in an older shape are never unpickled


class DashRow(NamedTuple):
    """One congress on a dashboard: what the table shows, small enough to cache by thousands.
    Cached as a plain tuple (13,293 of them at the root): a NamedTuple pickles as a call to
    rebuild it per row, and a frozen dataclass builds four times slower."""

    pk: int
    org_name: str
    org_path: str
    opening_date: dt.date
    is_pilot: bool
    status: str
    worst: str
    r30: str
    r20: str
    ra: str

    @property
    def status_label(self) -> str:
        return str(CongressStatus(self.status).label)


ORG_PATH = DashRow._fields.index("org_path")  # where the cached plain tuples keep the path


class Part(NamedTuple):
    """One organisation's roll-up, as DashRow tuples: its own congresses, then the rest of its
    subtree (a dashboard shows what is below its organisation, not its own)."""

    own: list[tuple]
    below: list[tuple]


class Child(NamedTuple):
    path: str
    numchild: int


def rows_below(root: Organization, *, term_id: int | None, today: dt.date) -> list[tuple]:
    """Every congress below `root` (not its own) for the term (all terms for None), as DashRow
    tuples in no particular order: the concatenation of its children's parts."""
    rows: list[tuple] = []
    for part in _children_parts(root.path, root.depth, term_id, today):
        rows += part.own
        rows += part.below
    return rows


def _children_parts(path: str, depth: int, term_id: int | None, today: dt.date) -> list[Part]:
    """The parts of the children of the organisation at `path`, in path order: those cached
    under their current versions are read in one cache call; a single missing one is rebuilt
    from its own children's parts (the usual case after a change); several missing ones
    (a cold cache, a change to a rule set) are evaluated together and cached each."""
    children = [
        Child(*row)
        for row in Organization.objects.filter(path__startswith=path, depth=depth + 1)
        .order_by("path")
        .values_list("path", "numchild")
    ]
    if not children:
        return []
    names = [tree_versions.EVERYTHING, *(tree_versions.subtree(c.path) for c in children)]
    tokens = tree_versions.current(names)
    everything = tokens[tree_versions.EVERYTHING]
    keys = {
        c.path: _part_key(everything, tokens[tree_versions.subtree(c.path)], c.path, term_id, today)
        for c in children
    }
    found = cache.get_many(list(keys.values()))
    missing = [c for c in children if keys[c.path] not in found]
    if len(missing) == 1 and missing[0].numchild:
        child, key = missing[0], keys[missing[0].path]
        found[key] = computed_once(
            key,
            lambda: cache.get(key),
            lambda: _part(child, depth + 1, term_id, today),
            lambda part: cache.set(key, part, TTL_SECONDS),
        )
    elif missing:
        wanted = {keys[c.path]: c for c in missing}

        def load() -> dict[str, Part] | None:
            got = cache.get_many(list(wanted))
            return got if len(got) == len(wanted) else None

        def store(parts: dict[str, Part]) -> None:
            cache.set_many(parts, TTL_SECONDS)

        everyone = len(missing) == len(children)
        rebuilt: dict[str, Part] = computed_once(
            "parts:" + hashlib.sha1("|".join(wanted).encode()).hexdigest(),
            load,
            lambda: _evaluated_parts(wanted, path, depth, everyone, term_id, today),
            store,
        )
        found.update(rebuilt)
    return [found[keys[c.path]] for c in children]


def _part(child: Child, depth: int, term_id: int | None, today: dt.date) -> Part:
    """A part rebuilt from its children's parts, plus its own congresses evaluated."""
    below: list[tuple] = []
    for part in _children_parts(child.path, depth, term_id, today):
        below += part.own
        below += part.below
    own = _dash_rows(Congress.objects.filter(organization__path=child.path), term_id, today)
    return Part(own, below)


def _evaluated_parts(
    wanted: dict[str, Child],
    parent_path: str,
    parent_depth: int,
    everyone: bool,
    term_id: int | None,
    today: dt.date,
) -> dict[str, Part]:
    """The parts of several children at once: their subtrees evaluated in one pass, then the
    rows dealt to the child each belongs to (the prefix of its path at the children's depth)."""
    if everyone:
        scope = Q(organization__path__startswith=parent_path, organization__depth__gt=parent_depth)
    else:
        scope = Q()
        for child in wanted.values():
            scope |= Q(organization__path__startswith=child.path)
    width = len(parent_path) + STEPLEN  # the children's paths
    parts = {child.path: Part([], []) for child in wanted.values()}
    for row in _dash_rows(Congress.objects.filter(scope), term_id, today):
        path = row[ORG_PATH]
        part = parts[path[:width]]
        (part.own if len(path) == width else part.below).append(row)
    return {key: parts[child.path] for key, child in wanted.items()}


def _dash_rows(qs: QuerySet[Congress], term_id: int | None, today: dt.date) -> list[tuple]:
    """The congresses of `qs` evaluated (three queries, one evaluation per distinct set of
    facts) and reduced to what the dashboard shows, as plain tuples in DashRow's order."""
    if term_id is not None:
        qs = qs.filter(term_id=term_id)
    lights: dict[int, tuple[str, str, str, str]] = {}  # per shared Evaluation, by id
    rows = []
    for e in evaluate_rows(qs.order_by(), today=today):
        light = lights.get(id(e.evaluation))
        if light is None:
            rules = e.evaluation.rules
            light = lights[id(e.evaluation)] = (
                str(e.evaluation.worst),
                str(rules[RuleCode.R30].status),
                str(rules[RuleCode.R20].status),
                str(rules[RuleCode.RA].status),
            )
        c = e.congress
        rows.append((c.pk, c.org_name, c.org_path, c.opening_date, c.is_pilot, c.status, *light))
    return rows


def _part_key(everything: str, version: str, path: str, term_id: int | None, today: dt.date) -> str:
    return "dpart{shape}:{everything}.{version}:{path}:{term}:{day}".format(
        shape=DASH_ROW_SHAPE,
        everything=everything,
        version=version,
        path=path,
        term=term_id if term_id is not None else "-",
        day=today.isoformat(),
    )
