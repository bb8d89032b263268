"""State changes on the tree and on memberships. Each one checks permission, audits, is atomic."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.contrib.auth.models import Group, Permission
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from apps.audit.services import audit_record
from apps.core.dates import local_today
from apps.core.errors import DomainError, PermissionDenied

from .models import (
    Membership,
    Organization,
    OrganizationGroupObjectPermission,
    OrganizationRole,
    Role,
)
from .permissions import Action, forget_scope, grant_defaults_rows, may


def ensure_role_groups(organizations: Sequence[Organization]) -> int:
    """Create the Group of every (organisation, role) and grant its default object permissions.

    Bulk, so importing 13,000 organisations costs a handful of queries, not 78,000 inserts.
    Returns the number of groups created; organisations that already have theirs are skipped.
    """
    orgs = [org for org in organizations if org.pk]
    have = set(
        OrganizationRole.objects.filter(organization__in=orgs).values_list(
            "organization_id", flat=True
        )
    )
    todo = [org for org in orgs if org.pk not in have]
    if not todo:
        return 0
    names = {(org.pk, role): f"{org.code}:{role}" for org in todo for role in Role.values}
    Group.objects.bulk_create([Group(name=name) for name in names.values()], ignore_conflicts=True)
    by_name = {g.name: g for g in Group.objects.filter(name__in=names.values())}
    groups = {key: by_name[name] for key, name in names.items()}
    OrganizationRole.objects.bulk_create(
        [
            OrganizationRole(organization_id=org_id, role=role, group=group)
            for (org_id, role), group in groups.items()
        ]
    )
    perms = {
        p.codename: p
        for p in Permission.objects.filter(
            content_type__app_label="organizations", content_type__model="organization"
        )
    }
    OrganizationGroupObjectPermission.objects.bulk_create(grant_defaults_rows(todo, groups, perms))
    return len(groups)


@transaction.atomic
def organization_create(
    *,
    actor: Any,
    parent: Organization | None,
    code: str,
    name: str,
    kind: str,
    short_name: str = "",
) -> Organization:
    """Add an organisation under `parent` (or a root) with its role groups and default rights.

    Only an office keeping the registers of the parent's subtree (or an administrator) may add.
    """
    if parent is None:
        if not getattr(actor, "is_superuser", False):
            raise PermissionDenied(_("Chỉ quản trị viên được tạo tổ chức cấp cao nhất."))
    elif not may(actor, Action.KEEP_REGISTERS, parent):
        raise PermissionDenied(_("Bạn không có quyền thêm tổ chức cấp dưới ở đây."))
    if Organization.objects.filter(code__iexact=code).exists():
        raise DomainError(_("Mã tổ chức “%(code)s” đã tồn tại.") % {"code": code})
    fields = {"code": code, "name": name, "short_name": short_name, "kind": kind}
    try:
        with transaction.atomic():
            if parent is None:
                org = Organization.objects.add_root(fields)
            else:
                org = Organization.objects.add_child(parent, fields)
    except IntegrityError as exc:  # a concurrent insert of the same code
        raise DomainError(_("Mã tổ chức “%(code)s” đã tồn tại.") % {"code": code}) from exc
    ensure_role_groups([org])
    audit_record(actor=actor, verb="organization.create", target=org, organization=org, code=code)
    return org


@transaction.atomic
def membership_add(
    *,
    actor: Any,
    user: Any,
    organization: Organization,
    role: str,
    start_date: dt.date | None = None,
    end_date: dt.date | None = None,
    title: str = "",
    check_permission: bool = True,
) -> Membership:
    """Give a person a role in an organisation; their group mirrors it for the admin's benefit.

    The date check in the permission layer is what counts: a membership that ends grants
    nothing from the next day, whether or not the group has been tidied yet.
    """
    if check_permission and not may(actor, Action.KEEP_REGISTERS, organization):
        raise PermissionDenied(_("Bạn không có quyền phân công vai trò ở tổ chức này."))
    start = start_date or local_today()
    if end_date is not None and end_date < start:
        raise DomainError(_("Ngày kết thúc phải sau ngày bắt đầu."))
    if Membership.objects.filter(
        user=user, organization=organization, role=role, end_date__isnull=True
    ).exists():
        raise DomainError(_("Người này đang giữ vai trò này ở tổ chức này."))
    membership = Membership.objects.create(
        user=user,
        organization=organization,
        role=role,
        start_date=start,
        end_date=end_date,
        title=title,
    )
    ensure_role_groups([organization])
    group = OrganizationRole.objects.get(organization=organization, role=role).group
    user.groups.add(group)
    forget_scope(user)
    audit_record(
        actor=actor,
        verb="membership.add",
        target=membership,
        organization=organization,
        user=user.username,
        role=role,
        start_date=start,
        end_date=end_date,
    )
    return membership


@transaction.atomic
def membership_end(*, actor: Any, membership: Membership, end_date: dt.date) -> Membership:
    """End a role on a date (inclusive); from the next day it grants nothing."""
    if not may(actor, Action.KEEP_REGISTERS, membership.organization):
        raise PermissionDenied(_("Bạn không có quyền kết thúc vai trò ở tổ chức này."))
    if end_date < membership.start_date:
        raise DomainError(_("Ngày kết thúc phải sau ngày bắt đầu."))
    membership.end_date = end_date
    membership.save(update_fields=["end_date"])
    still_holds = (
        Membership.objects.active(local_today())
        .filter(user=membership.user, organization=membership.organization, role=membership.role)
        .exists()
    )
    if not still_holds:
        membership.user.groups.remove(
            OrganizationRole.objects.get(
                organization=membership.organization, role=membership.role
            ).group
        )
    forget_scope(membership.user)
    audit_record(
        actor=actor,
        verb="membership.end",
        target=membership,
        organization=membership.organization,
        end_date=end_date,
    )
    return membership
