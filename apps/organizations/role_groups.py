"""The role groups of organisations and their default rights, written in bulk by the database.

Every (organisation, role) has one auth Group, named "<code>:<role>" and linked through
OrganizationRole; guardian's object permissions on the organisation are granted to those groups
(permissions.default_grants). An import of 13,000 organisations needs 78,000 groups and some
300,000 permission rows: each step is one INSERT … SELECT (core.sql.insert_selected) whose
SELECT is an ordinary queryset, so the database writes the rows and Python builds none.
"""

from __future__ import annotations

from collections import defaultdict
from functools import reduce

from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, Exists, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Concat

from apps.core.sql import insert_selected

from .models import (
    CELL_KINDS,
    Organization,
    OrganizationGroupObjectPermission,
    OrganizationRole,
    Role,
)
from .permissions import default_grants


def _without_role(scope: QuerySet[Organization], role: str) -> QuerySet[Organization]:
    """The organisations of `scope` that have no group for `role` yet, with that group's name."""
    return (
        scope.exclude(
            Exists(OrganizationRole.objects.filter(organization=OuterRef("pk"), role=role))
        )
        .annotate(
            role_name=Value(role, output_field=CharField()),
            group_name=Concat("code", Value(f":{role}"), output_field=CharField()),
        )
        .order_by()
    )


def _union(parts: list[QuerySet]) -> QuerySet:
    return reduce(lambda a, b: a.union(b, all=True), parts)


def missing_groups_create(scope: QuerySet[Organization]) -> int:
    """The groups of every role the organisations of `scope` lack, and their OrganizationRole
    links: two statements. Returns the number of links created (organisation × role)."""
    roles = list(Role.values)
    insert_selected(
        Group, ["name"], _union([_without_role(scope, r).values("group_name") for r in roles])
    )
    named = Group.objects.filter(name=OuterRef("group_name")).values("pk")
    return insert_selected(
        OrganizationRole,
        ["organization", "role", "group"],
        _union(
            [
                _without_role(scope, r)
                .annotate(group_pk=Subquery(named))
                .values("pk", "role_name", "group_pk")
                for r in roles
            ]
        ),
    )


def default_grants_give(scope: QuerySet[Organization]) -> int:
    """Every default right of the role groups of `scope`'s organisations that is not granted
    yet: one statement, a part per right (the roles holding it; some on cells only)."""
    roles_of: dict[str, Q] = defaultdict(Q)
    for role, codename, cells_only in default_grants():
        holds = Q(role=role)
        if cells_only:
            holds &= Q(organization__kind__in=sorted(CELL_KINDS))
        roles_of[codename] |= holds
    rights = Permission.objects.filter(content_type=ContentType.objects.get_for_model(Organization))
    parts = [
        OrganizationRole.objects.filter(holders, organization__in=scope)
        .annotate(permission_pk=Subquery(rights.filter(codename=codename).values("pk")))
        .values("group_id", "permission_pk", "organization_id")
        .order_by()
        for codename, holders in sorted(roles_of.items())
    ]
    return insert_selected(
        OrganizationGroupObjectPermission,
        ["group", "permission", "content_object"],
        _union(parts),
    )
