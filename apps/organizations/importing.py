"""Importing the organisation tree and people with their roles from CSV/XLSX.

All or nothing: every row is checked first (unknown parent, cycle, duplicate code, unknown kind or
role, bad date, missing column), every error is reported with its row and column, and only a
clean file is written, in one transaction, through the bulk paths. Importing the same file again
changes nothing: rows are matched by organisation code and by username.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.db import transaction
from django.db.models.functions import Lower
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from apps.audit.services import audit_record
from apps.core.dates import local_today
from apps.core.tables import RowError, choice_lookup, parse_date, read_table
from apps.core.text import fold

from .bulk import NodeSpec, bulk_insert_tree
from .models import (
    Membership,
    Organization,
    OrganizationKind,
    OrganizationRole,
    Role,
    code_validator,
)
from .permissions import Action, may

ORG_COLUMNS = ("code", "parent_code", "name", "short_name", "kind")
PEOPLE_COLUMNS = (
    "username",
    "full_name",
    "email",
    "organization_code",
    "role",
    "start_date",
    "end_date",
)
KINDS = choice_lookup(
    OrganizationKind.choices,
    {
        "central committee": OrganizationKind.CENTRAL,
        "above-grassroots": OrganizationKind.ABOVE_GRASSROOTS,
        "cell under a committee": OrganizationKind.CELL_UNDER_COMMITTEE,
    },
)
ROLES = choice_lookup(Role.choices, {"standing committee member": Role.STANDING_MEMBER})


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)
    dry_run: bool = False
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    def summary(self) -> str:
        return _("%(c)s thêm mới, %(u)s cập nhật, %(n)s không đổi") % {
            "c": self.created,
            "u": self.updated,
            "n": self.unchanged,
        }


class DryRun(Exception):
    """Raised inside the transaction to roll a dry run back after it did everything."""


class ImportRefused(Exception):
    """A row that passed its checks meets a refusal while writing; nothing is kept."""

    def __init__(self, error: RowError) -> None:
        self.error = error


def organization_for(orgs: dict, row: dict, number: int, result: ImportResult):
    """The row's organisation by code, or an error on its organization_code column."""
    org = orgs.get(row["organization_code"])
    if org is None:
        result.errors.append(
            RowError(
                number,
                "organization_code",
                _("không có tổ chức mã “%(c)s”") % {"c": row["organization_code"]},
            )
        )
    return org


def write_all_or_nothing(
    result: ImportResult, *, dry_run: bool, actor: Any, verb: str, write
) -> ImportResult:
    """Run `write()` in one transaction; it fills the counts and returns the organisation the
    audit row is filed under. A dry run does all of it, then rolls it back."""
    try:
        with transaction.atomic():
            anchor = write()
            if actor is not None and anchor is not None and (result.created or result.updated):
                audit_record(
                    actor=actor,
                    verb=verb,
                    target=anchor,
                    organization=anchor,
                    created=result.created,
                    updated=result.updated,
                )
            if dry_run:
                raise DryRun
    except DryRun:
        pass
    except ImportRefused as refused:
        result.errors.append(refused.error)
        result.created = result.updated = result.unchanged = 0
    return result


def _scope_check(
    actor: Any, orgs: list[Organization], result: ImportResult, rows: dict[str, int]
) -> None:
    """An office may import only into the subtree it keeps the registers of."""
    if actor is None or getattr(actor, "is_superuser", False):
        return
    for org in orgs:
        if not may(actor, Action.KEEP_REGISTERS, org):
            result.errors.append(
                RowError(
                    rows.get(org.code, 0),
                    "parent_code",
                    _("“%(code)s” nằm ngoài phạm vi bạn quản lý") % {"code": org.code},
                )
            )


def import_organizations(
    data: bytes, filename: str, *, actor: Any = None, dry_run: bool = False
) -> ImportResult:
    result = ImportResult(dry_run=dry_run)
    table = read_table(
        data, filename, required=("code", "name", "kind"), optional=("parent_code", "short_name")
    )
    result.errors += table.errors
    if table.errors:
        return result
    specs: dict[str, tuple[int, NodeSpec]] = {}
    seen = Counter(row["code"].lower() for _n, row in table.rows)
    for number, row in table.rows:
        code = row["code"]
        if not code:
            result.errors.append(RowError(number, "code", _("mã trống")))
            continue
        try:
            code_validator(code)
        except Exception:
            result.errors.append(
                RowError(
                    number, "code", _("mã “%(c)s” chỉ gồm chữ không dấu, số, . - _") % {"c": code}
                )
            )
            continue
        if seen[code.lower()] > 1:
            result.errors.append(
                RowError(number, "code", _("mã “%(c)s” trùng trong tệp") % {"c": code})
            )
            continue
        kind = KINDS.get(fold(row["kind"]))
        if kind is None:
            result.errors.append(
                RowError(number, "kind", _("loại hình “%(k)s” không hợp lệ") % {"k": row["kind"]})
            )
        if not row["name"]:
            result.errors.append(RowError(number, "name", _("tên trống")))
        specs[code] = (
            number,
            NodeSpec(
                code,
                row.get("parent_code") or None,
                row["name"],
                kind or "",
                row.get("short_name", ""),
            ),
        )
    existing = {
        o.code: o
        for o in Organization.objects.filter(
            code__in=[*specs, *(s.parent_code for _n, s in specs.values() if s.parent_code)]
        )
    }
    lower_existing = {
        c.lower(): c
        for c in Organization.objects.annotate(lc=Lower("code"))
        .filter(lc__in=[c.lower() for c in specs])
        .values_list("code", flat=True)
    }
    for code, (number, spec) in specs.items():
        clash = lower_existing.get(code.lower())
        if clash and clash != code:
            result.errors.append(
                RowError(
                    number,
                    "code",
                    _("mã “%(c)s” trùng với mã đã có “%(o)s”") % {"c": code, "o": clash},
                )
            )
        if spec.parent_code and spec.parent_code not in specs and spec.parent_code not in existing:
            result.errors.append(
                RowError(
                    number,
                    "parent_code",
                    _("không có tổ chức cấp trên mã “%(p)s”") % {"p": spec.parent_code},
                )
            )
        if code in existing and spec.parent_code:
            current_parent = existing[code].path[: -Organization.steplen]
            parent = existing.get(spec.parent_code)
            if parent is None or parent.path != current_parent:
                result.errors.append(
                    RowError(
                        number,
                        "parent_code",
                        _(
                            "không đổi được cấp trên của tổ chức đã có; "
                            "hãy chuyển trong trang quản trị"
                        ),
                    )
                )
    _cycles(specs, result)
    if result.errors:
        result.errors.sort(key=lambda e: (e.row, e.column))
        return result
    new = [spec for code, (_n, spec) in specs.items() if code not in existing]
    changed = []
    for code, (_n, spec) in specs.items():
        org = existing.get(code)
        if org is None:
            continue
        if (org.name, org.short_name, org.kind) != (spec.name, spec.short_name, spec.kind):
            org.name, org.short_name, org.kind = spec.name, spec.short_name, spec.kind
            org.search_text = Organization.search_text_for(
                code=org.code, name=org.name, short_name=org.short_name
            )
            changed.append(org)
        else:
            result.unchanged += 1
    parents = [existing[s.parent_code] for s in new if s.parent_code in existing]
    _scope_check(actor, parents + changed, result, {c: n for c, (n, _s) in specs.items()})
    if (
        any(s.parent_code is None for s in new)
        and actor is not None
        and not getattr(actor, "is_superuser", False)
    ):
        result.errors.append(
            RowError(0, "parent_code", _("Chỉ quản trị viên được thêm tổ chức cấp cao nhất."))
        )
    if result.errors:
        return result

    def write():
        bulk_insert_tree(new)
        Organization.objects.bulk_update(
            changed, ["name", "short_name", "kind", "search_text"], batch_size=2000
        )
        result.created, result.updated = len(new), len(changed)
        codes = [spec.code for spec in new] + [org.code for org in changed]
        return Organization.objects.filter(code__in=codes[:1]).first()

    return write_all_or_nothing(
        result, dry_run=dry_run, actor=actor, verb="import.organizations", write=write
    )


def _cycles(specs: dict[str, tuple[int, NodeSpec]], result: ImportResult) -> None:
    """Rows whose parent chain inside the file comes back to themselves."""
    for code, (number, _spec) in specs.items():
        seen = {code}
        parent = specs[code][1].parent_code
        while parent in specs:
            if parent in seen:
                result.errors.append(
                    RowError(
                        number,
                        "parent_code",
                        _("vòng lặp cấp trên: %(c)s") % {"c": " → ".join([code, parent])},
                    )
                )
                break
            seen.add(parent)
            parent = specs[parent][1].parent_code


def import_people(
    data: bytes, filename: str, *, actor: Any = None, dry_run: bool = False
) -> ImportResult:
    """People and their roles; new users get an unusable password and a set-password link."""
    result = ImportResult(dry_run=dry_run)
    table = read_table(
        data,
        filename,
        required=("username", "organization_code", "role"),
        optional=("full_name", "email", "start_date", "end_date"),
    )
    result.errors += table.errors
    if table.errors:
        return result
    codes = {row["organization_code"] for _n, row in table.rows}
    orgs = {o.code: o for o in Organization.objects.filter(code__in=codes)}
    User = get_user_model()
    users = {
        u.username: u
        for u in User.objects.filter(username__in={row["username"] for _n, row in table.rows})
    }
    parsed = []
    for number, row in table.rows:
        org = organization_for(orgs, row, number, result)
        role = ROLES.get(fold(row["role"]))
        if role is None:
            result.errors.append(
                RowError(number, "role", _("vai trò “%(r)s” không hợp lệ") % {"r": row["role"]})
            )
        start = parse_date(row.get("start_date") or "") if row.get("start_date") else local_today()
        if start is None:
            result.errors.append(
                RowError(
                    number,
                    "start_date",
                    _("ngày “%(d)s” không hợp lệ (dd/mm/yyyy)") % {"d": row["start_date"]},
                )
            )
        end = None
        if row.get("end_date"):
            end = parse_date(row["end_date"])
            if end is None:
                result.errors.append(
                    RowError(
                        number,
                        "end_date",
                        _("ngày “%(d)s” không hợp lệ (dd/mm/yyyy)") % {"d": row["end_date"]},
                    )
                )
            elif start and end < start:
                result.errors.append(
                    RowError(number, "end_date", _("ngày kết thúc trước ngày bắt đầu"))
                )
        if not row["username"]:
            result.errors.append(RowError(number, "username", _("tên đăng nhập trống")))
        parsed.append((number, row, org, role, start, end))
    if not result.errors and actor is not None:
        _scope_check(actor, [p[2] for p in parsed], result, {p[2].code: p[0] for p in parsed})
    if result.errors:
        return result
    return write_all_or_nothing(
        result,
        dry_run=dry_run,
        actor=actor,
        verb="import.people",
        write=lambda: _apply_people(parsed, users, result),
    )


def _apply_people(parsed, users, result: ImportResult) -> Organization:
    User = get_user_model()
    for _number, row, org, role, start, end in parsed:
        user = users.get(row["username"])
        if user is None:
            user = User(
                username=row["username"],
                full_name=row.get("full_name", ""),
                email=row.get("email", ""),
            )
            user.set_unusable_password()
            user.save()
            users[user.username] = user
            token = default_token_generator.make_token(user)
            uid = urlsafe_base64_encode(force_bytes(user.pk))
            link = f"{settings.SITE_URL}/password/set/{uid}/{token}/"
            result.notes.append(
                _("%(u)s: đặt mật khẩu tại %(link)s") % {"u": user.username, "link": link}
            )
        elif (row.get("full_name") and user.full_name != row["full_name"]) or (
            row.get("email") and user.email != row["email"]
        ):
            user.full_name = row.get("full_name") or user.full_name
            user.email = row.get("email") or user.email
            user.save(update_fields=["full_name", "email"])
        membership = Membership.objects.filter(
            user=user, organization=org, role=role, start_date=start
        ).first()
        if membership is None:
            Membership.objects.create(
                user=user, organization=org, role=role, start_date=start, end_date=end
            )
            group = (
                OrganizationRole.objects.filter(organization=org, role=role)
                .values_list("group_id", flat=True)
                .first()
            )
            if group and (end is None or end >= local_today()):
                user.groups.add(group)
            result.created += 1
        elif membership.end_date != end:
            membership.end_date = end
            membership.save(update_fields=["end_date"])
            result.updated += 1
        else:
            result.unchanged += 1
    return parsed[0][2]
