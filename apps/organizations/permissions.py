"""The permission layer: the one door through which every "may this user do this?" passes.

Rights are object permissions (django-guardian) granted on an Organization to the Group of one of
its roles. A user holds them through memberships in force today; ended memberships grant nothing.
Each action names the permission codenames that allow it and how far each reaches:

- ``self``: only the organisation the permission is granted on;
- ``subtree``: that organisation and everything below it (a prefix of the materialised path);
- ``children``: only its direct subordinates (a superior deciding on the level below).

The user's holdings are read once per request in a constant number of queries (memberships with
their organisation's path, the group permissions, working groups); after that every check is
arithmetic on paths, and every list is filtered in SQL by `restrict()`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from django.core.cache import cache
from django.db.models import Q, QuerySet

from apps.core import tree_versions
from apps.core.dates import local_today

from .models import (
    Membership,
    Organization,
    OrganizationGroupObjectPermission,
    Role,
    WorkingGroup,
)


class Action(StrEnum):
    VIEW = "view"  # see the organisation, its congress and documents
    LEAD = "lead"  # schedule the congress, submit drafts, circulate, report to the superior
    APPROVE_PLAN = "approve_plan"  # the own standing committee approves the personnel plan
    COMMENT = "comment"  # comment on drafts circulated to the organisation
    KEEP_REGISTERS = "keep_registers"  # office: imports, exports, PDF reports
    SUPERVISE = "supervise"  # the direct superior decides reports and ratifies results
    # The convening organisation's own secretary/deputies, standing members and office: delegate
    # seats, elections of delegates, the delegate list and credentials (issue 22). Own
    # organisation only: a superior's office keeps registers below it but does not act here.
    MANAGE_DELEGATES = "manage_delegates"


SELF, SUBTREE, CHILDREN = "self", "subtree", "children"

ACTION_GRANTS: dict[Action, tuple[tuple[str, str], ...]] = {
    Action.VIEW: (("view_organization", SELF), ("view_subtree", SUBTREE)),
    Action.LEAD: (("lead_organization", SELF),),
    Action.APPROVE_PLAN: (("approve_personnel", SELF),),
    Action.COMMENT: (("comment_drafts", SELF),),
    Action.KEEP_REGISTERS: (("keep_registers", SUBTREE),),
    Action.SUPERVISE: (("supervise_subordinates", CHILDREN),),
    Action.MANAGE_DELEGATES: (
        ("lead_organization", SELF),
        ("approve_personnel", SELF),
        ("keep_registers", SELF),
    ),
}

_LEADERSHIP = (
    "view_organization",
    "view_subtree",
    "lead_organization",
    "approve_personnel",
    "comment_drafts",
    "supervise_subordinates",
)
ROLE_DEFAULT_CODENAMES: dict[str, tuple[str, ...]] = {
    Role.SECRETARY: _LEADERSHIP,
    Role.DEPUTY_SECRETARY: _LEADERSHIP,
    Role.STANDING_MEMBER: (
        "view_organization",
        "view_subtree",
        "approve_personnel",
        "comment_drafts",
        "supervise_subordinates",
    ),
    Role.COMMITTEE_MEMBER: ("view_organization", "comment_drafts"),
    Role.OFFICE_OFFICER: ("view_organization", "view_subtree", "keep_registers"),
    Role.MEMBER: ("view_organization",),
}


@dataclass(frozen=True)
class Holding:
    """Some codenames held on one organisation (through a role or a working group)."""

    organization_id: int
    path: str
    depth: int
    codenames: frozenset[str]


def is_administrator(user: Any) -> bool:
    """The administrator (a Django superuser) holds every right on every organisation without
    a role. The one place that reads the flag: pages, services, importers, the second-factor
    policy and the worklist ask here, so "who is an administrator" cannot drift."""
    return bool(getattr(user, "is_superuser", False))


@dataclass
class UserScope:
    """Everything the user holds today; computed once, then consulted without queries."""

    day: dt.date
    administrator: bool = False  # is_administrator(): every right, everywhere
    holdings: list[Holding] = field(default_factory=list)

    def signature(self) -> str:
        """What this user may see, as a short stable string: users who hold the same rights
        share cached views."""
        if self.administrator:
            return "superuser"
        parts = sorted(f"{h.path}:{','.join(sorted(h.codenames))}" for h in self.holdings)
        return hashlib.sha1("|".join(parts).encode()).hexdigest()

    def allows(self, action: Action, org: Organization) -> bool:
        if self.administrator:
            return True
        for codename, reach in ACTION_GRANTS[action]:
            for holding in self.holdings:
                if codename in holding.codenames and _reaches(holding, reach, org):
                    return True
        return False

    def q(self, action: Action, prefix: str = "") -> Q:
        """A filter on a queryset whose rows reach an organisation through `prefix`."""
        if self.administrator:
            return Q()
        condition = Q(pk__in=[])
        for codename, reach in ACTION_GRANTS[action]:
            for h in self.holdings:
                if codename not in h.codenames:
                    continue
                if reach == SELF:
                    condition |= Q(**{f"{prefix}id": h.organization_id})
                elif reach == SUBTREE:
                    condition |= Q(**{f"{prefix}path__startswith": h.path})
                else:
                    condition |= Q(
                        **{f"{prefix}path__startswith": h.path, f"{prefix}depth": h.depth + 1}
                    )
        return condition

    def allows_path(self, action: Action, path: str) -> bool:
        """`allows` for the organisation at `path`, for rows that carry only the path (the
        dashboards' cached roll-ups)."""
        if self.administrator:
            return True
        depth = len(path) // Organization.steplen
        for codename, reach in ACTION_GRANTS[action]:
            for h in self.holdings:
                if codename not in h.codenames:
                    continue
                if reach == SELF:
                    if h.path == path:
                        return True
                elif path.startswith(h.path) and (reach == SUBTREE or depth == h.depth + 1):
                    return True
        return False

    def allows_subtree(self, action: Action, org: Organization) -> bool:
        """Does the user hold `action` on every organisation of `org`'s subtree?"""
        if self.administrator:
            return True
        return any(
            reach == SUBTREE and codename in h.codenames and org.path.startswith(h.path)
            for codename, reach in ACTION_GRANTS[action]
            for h in self.holdings
        )

    def top_paths(self, action: Action) -> list[str]:
        """The highest organisations the user sees: the roots of their tree browser."""
        paths = sorted(
            {
                h.path
                for codename, _reach in ACTION_GRANTS[action]
                for h in self.holdings
                if codename in h.codenames
            }
        )
        tops: list[str] = []
        for path in paths:
            if not any(path.startswith(top) for top in tops):
                tops.append(path)
        return tops


def _reaches(holding: Holding, reach: str, org: Organization) -> bool:
    if reach == SELF:
        return holding.organization_id == org.pk
    if not org.path.startswith(holding.path):
        return False
    return reach == SUBTREE or org.depth == holding.depth + 1


_SCOPE_CACHE_ATTR = "_congress_portal_scope"


def scope_for(user: Any, *, today: dt.date | None = None) -> UserScope:
    """The user's holdings on `today` (local), kept on the user object for the request and in
    the cache between requests, under the scopes' version that every change to memberships,
    role permissions, working groups or the tree renews (apps.core.tree_versions): three
    queries a page become one cache read."""
    day = today or local_today()
    cached: UserScope | None = getattr(user, _SCOPE_CACHE_ATTR, None)
    if cached is not None and cached.day == day:
        return cached
    if not getattr(user, "pk", None):
        return _load_scope(user, day)
    flags = f"{user.is_active:d}{is_administrator(user):d}"
    version = tree_versions.current([tree_versions.SCOPES])[tree_versions.SCOPES]
    key = f"scope2:{version}:{user.pk}:{flags}:{day.isoformat()}"
    scope = cache.get(key)
    if scope is None:
        scope = _load_scope(user, day)
        cache.set(key, scope, tree_versions.TTL_SECONDS)
    setattr(user, _SCOPE_CACHE_ATTR, scope)
    return scope


def forget_scope(user: Any) -> None:
    """Drop the cached scope after the user's memberships changed within the same request."""
    if hasattr(user, _SCOPE_CACHE_ATTR):
        delattr(user, _SCOPE_CACHE_ATTR)


def _load_scope(user: Any, day: dt.date) -> UserScope:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return UserScope(day=day)
    if is_administrator(user):
        return UserScope(day=day, administrator=True)
    rows = list(
        Membership.objects.active(day)
        .filter(user=user, organization__is_active=True)
        .values_list("organization_id", "organization__path", "organization__depth", "role")
    )
    org_ids = {row[0] for row in rows}
    granted: dict[tuple[int, str], set[str]] = {}
    if org_ids:
        for org_id, role, codename in OrganizationGroupObjectPermission.objects.filter(
            content_object_id__in=org_ids,
            group__organization_role__organization_id__in=org_ids,
        ).values_list(
            "content_object_id", "group__organization_role__role", "permission__codename"
        ):
            granted.setdefault((org_id, role), set()).add(codename)
    holdings = [
        Holding(org_id, path, depth, frozenset(granted.get((org_id, role), ())))
        for org_id, path, depth, role in rows
    ]
    followed = WorkingGroup.objects.filter(members=user).values_list(
        "followed__id", "followed__path", "followed__depth"
    )
    holdings += [
        Holding(org_id, path, depth, frozenset({"view_organization", "view_subtree"}))
        for org_id, path, depth in followed
        if org_id is not None
    ]
    return UserScope(day=day, holdings=holdings)


def organization_of(obj: Any) -> Organization:
    """The organisation an object belongs to: objects ask their organisation
    (docs/architecture.md §3)."""
    if isinstance(obj, Organization):
        return obj
    if hasattr(obj, "organization"):
        return obj.organization
    if hasattr(obj, "congress"):
        return obj.congress.organization
    raise TypeError(f"{type(obj).__name__} does not belong to an organisation")


def may(user: Any, action: Action, obj: Any, *, today: dt.date | None = None) -> bool:
    """May `user` do `action` on `obj` today? The only answer the product uses."""
    return scope_for(user, today=today).allows(action, organization_of(obj))


def restrict(
    queryset: QuerySet, user: Any, action: Action = Action.VIEW, *, via: str = ""
) -> QuerySet:
    """Filter a queryset in SQL to the rows the user may `action`; `via` is the path to the org.

    `restrict(Congress.objects.all(), user, via="organization")` keeps the congresses of
    organisations the user may see. No per-row checks, no guardian subqueries on hot lists.
    """
    prefix = f"{via}__" if via else ""
    return queryset.filter(scope_for(user).q(action, prefix))


def default_grants() -> list[tuple[str, str, bool]]:
    """(role, codename, cells only) for every right a role's group gets by default.

    A cell has no standing committee: its committee (chi ủy) approves its own personnel plan,
    the one right granted to cells only.
    """
    rows = [
        (role, codename, False)
        for role, names in ROLE_DEFAULT_CODENAMES.items()
        for codename in names
    ]
    rows.append((Role.COMMITTEE_MEMBER, "approve_personnel", True))
    return [(str(role), codename, cells) for role, codename, cells in rows]
