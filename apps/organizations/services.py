"""State changes on the tree and on memberships. Each one checks permission, audits, is atomic."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any, NamedTuple

from django.contrib.auth import get_user_model
from django.db import IntegrityError, connection, transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from apps.audit.models import AuditEvent
from apps.audit.services import audit_record
from apps.core import tree_versions
from apps.core.dates import local_today
from apps.core.errors import DomainError, PermissionDenied
from apps.core.lookups import AnyOf

from . import role_groups
from .models import Membership, Organization, OrganizationRole
from .permissions import Action, forget_scope, is_administrator, may


def ensure_role_groups(organizations: Sequence[Organization] | None = None) -> int:
    """Create the Group of every (organisation, role) and grant its default object permissions,
    for the given organisations (or every one still without its groups).

    Three INSERT … SELECT statements whatever the number (per 1,000 organisations on SQLite,
    whose statements take a bounded number of parameters): importing 13,000 organisations means
    78,000 groups and some 300,000 guardian rows, which bulk_create would build object by
    object. The SELECTs are ORM querysets (role_groups.py); a row that exists is skipped.
    Returns the number of (organisation, role) groups created."""
    if organizations is None:
        return _role_groups_of(Organization.objects.all())
    ids = [org.pk for org in organizations if org.pk]
    limit = len(ids) if connection.features.max_query_params is None else SQLITE_IDS_PER_STATEMENT
    return sum(
        _role_groups_of(Organization.objects.filter(AnyOf("pk", ids[start : start + limit])))
        for start in range(0, len(ids), limit or 1)
    )


SQLITE_IDS_PER_STATEMENT = 1000  # a part per default grant repeats them: SQLite's 32,766 cap


def _role_groups_of(scope: QuerySet[Organization]) -> int:
    created = role_groups.missing_groups_create(scope)
    role_groups.default_grants_give(scope)
    if created:
        # guardian rows written in SQL send no signal; cached scopes read them
        tree_versions.renew([tree_versions.SCOPES])
    return created


@transaction.atomic
def code_taken(code: str) -> bool:
    """Codes are unique across the nation, whatever their case."""
    return Organization.objects.filter(code__iexact=code).exists()


def code_unavailable(code: str) -> str:
    """The one answer for a code already used anywhere: it does not say that an organisation
    has it, nor where (the add-child form, the service and the import say the same)."""
    return _("Mã “%(code)s” không dùng được; hãy đặt mã khác.") % {"code": code}


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
        if not is_administrator(actor):
            raise PermissionDenied(_("Chỉ quản trị viên được tạo tổ chức cấp cao nhất."))
    elif not may(actor, Action.KEEP_REGISTERS, parent):
        raise PermissionDenied(_("Bạn không có quyền thêm tổ chức cấp dưới ở đây."))
    if code_taken(code):
        raise DomainError(code_unavailable(code), field="code")
    fields = {"code": code, "name": name, "short_name": short_name, "kind": kind}
    try:
        with transaction.atomic():
            if parent is None:
                org = Organization.objects.add_root(fields)
            else:
                org = Organization.objects.add_child(parent, fields)
    except IntegrityError as exc:  # a concurrent insert of the same code
        raise DomainError(code_unavailable(code), field="code") from exc
    ensure_role_groups([org])
    audit_record(actor=actor, verb="organization.create", target=org, organization=org, code=code)
    return org


def membership_add_refusal(*, start: dt.date, end: dt.date | None, holds_open: bool) -> str | None:
    """Why a role cannot be given (None when it can): the rule of `membership_add`, asked by
    the people import for each new row with the open roles it read for the whole file at once.
    `holds_open`: the person already holds this role here with no end date."""
    if end is not None and end < start:
        return _("Ngày kết thúc phải sau ngày bắt đầu.")
    if holds_open:
        return _("Người này đang giữ vai trò này ở tổ chức này.")
    return None


def open_roles(users: Sequence[Any]) -> set[tuple[int, int, str]]:
    """(user id, organisation id, role) of every role the users hold with no end date: what
    `membership_add_refusal` asks, read once for a whole import."""
    return set(
        Membership.objects.filter(user__in=users, end_date__isnull=True).values_list(
            "user_id", "organization_id", "role"
        )
    )


class Grant(NamedTuple):
    """One role to give, already checked (`membership_add_refusal`, the importer's grant rules)."""

    user: Any
    organization: Organization
    role: str
    start: dt.date
    end: dt.date | None


def memberships_add_bulk(*, actor: Any, grants: Sequence[Grant], verb: str) -> list[Membership]:
    """Give many checked roles in a fixed number of queries, as `membership_add` gives one:
    the memberships, the role groups of their organisations, the group of each role still
    running today, and one audit row each (`verb`). For imports of many rows; the caller runs
    it in its transaction."""
    if not grants:
        return []
    organizations = list({g.organization.pk: g.organization for g in grants}.values())
    ensure_role_groups(organizations)
    groups = dict(
        (((org_id, role), group_id))
        for org_id, role, group_id in OrganizationRole.objects.filter(
            organization__in=organizations
        ).values_list("organization_id", "role", "group_id")
    )
    memberships = Membership.objects.bulk_create(
        Membership(
            user=g.user,
            organization=g.organization,
            role=g.role,
            start_date=g.start,
            end_date=g.end,
        )
        for g in grants
    )
    today = local_today()
    through = get_user_model().groups.through
    through.objects.bulk_create(
        {
            (g.user.pk, groups[g.organization.pk, g.role]): through(
                user_id=g.user.pk, group_id=groups[g.organization.pk, g.role]
            )
            for g in grants
            if g.end is None or g.end >= today
        }.values(),
        ignore_conflicts=True,
    )
    AuditEvent.objects.bulk_create(
        AuditEvent(
            actor=actor if getattr(actor, "pk", None) else None,
            verb=verb,
            organization=g.organization,
            target_type=Membership._meta.label_lower,
            target_id=str(m.pk),
            data={
                "username": g.user.username,
                "role": g.role,
                "start_date": g.start.isoformat(),
                "end_date": g.end.isoformat() if g.end else None,
            },
        )
        for g, m in zip(grants, memberships, strict=True)
    )
    for g in grants:
        forget_scope(g.user)
    return memberships


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
    holds = Membership.objects.filter(
        user=user, organization=organization, role=role, end_date__isnull=True
    ).exists()
    refusal = membership_add_refusal(start=start, end=end_date, holds_open=holds)
    if refusal:
        raise DomainError(refusal)
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
