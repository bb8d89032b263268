"""Reads of the tree, always filtered by what the user may see, in a constant number of queries."""

from __future__ import annotations

from typing import Any

from django.db.models import OuterRef, QuerySet, Subquery

from apps.core.dates import local_today
from apps.core.text import fold

from .models import Membership, Organization
from .permissions import Action, restrict, scope_for
from .tree import ancestor_paths, parent_path, parent_path_of


def organizations_visible_to(*, user: Any) -> QuerySet[Organization]:
    return restrict(Organization.objects.all(), user, Action.VIEW)


def visible_organization(*, user: Any, code: str) -> Organization | None:
    """The organisation with this code if the user may see it, else None (callers answer 404)."""
    return organizations_visible_to(user=user).filter(code=code).first()


def tree_roots_for(*, user: Any) -> QuerySet[Organization]:
    """The top of the user's tree browser: the highest organisations they can see."""
    paths = scope_for(user).top_paths(Action.VIEW)
    if scope_for(user).administrator:
        return Organization.objects.filter(depth=1)
    return Organization.objects.filter(path__in=paths).order_by("path")


def children_visible_to(*, user: Any, parent: Organization) -> QuerySet[Organization]:
    return organizations_visible_to(user=user).filter(
        path__startswith=parent.path, depth=parent.depth + 1
    )


def subtree_visible_to(*, user: Any, root: Organization) -> QuerySet[Organization]:
    """The visible part of a subtree in tree order: one indexed prefix scan."""
    return organizations_visible_to(user=user).filter(path__startswith=root.path).order_by("path")


def search_organizations(*, user: Any, query: str, limit: int = 50) -> QuerySet[Organization]:
    """Search names, short names and codes ignoring diacritics ("quang binh" → "Quảng Bình")."""
    qs = organizations_visible_to(user=user)
    for word in fold(query).split():
        qs = qs.filter(search_text__contains=word)
    return qs.order_by("depth", "path")[:limit]


def ancestors_of(org: Organization) -> QuerySet[Organization]:
    """Breadcrumbs: every prefix of the path, in one query."""
    paths = ancestor_paths(org.path)
    return Organization.objects.filter(path__in=paths).order_by("depth")


def parent_of(org: Organization) -> Organization | None:
    if org.depth <= 1:
        return None
    return Organization.objects.filter(path=parent_path(org.path)).first()


def memberships_of(*, user: Any) -> QuerySet[Membership]:
    """The user's own roles, in force first, for the "my roles" page."""
    return (
        Membership.objects.filter(user=user)
        .select_related("organization")
        .order_by("end_date", "organization__path", "role")
    )


def members_by_role(*, organization: Organization) -> QuerySet[Membership]:
    return (
        Membership.objects.active(local_today())
        .filter(organization=organization)
        .select_related("user")
        .order_by("role", "user__full_name", "user__username")
    )


def with_parent_code(queryset: QuerySet[Organization]) -> QuerySet[Organization]:
    """Each organisation with its parent's code as `parent_code` (None at the top), read in the
    same statement: a list of organisations under many parents costs one query, not one per
    distinct parent (the API's list made 79 queries for a page of 500)."""
    parent = Organization.objects.filter(path=parent_path_of(OuterRef("path")))
    return queryset.annotate(parent_code=Subquery(parent.values("code")[:1]))
