"""Importing the organisation tree and people with their roles from CSV/XLSX.

All or nothing: every row is checked first (unknown parent, cycle, duplicate code, unknown kind or
role, bad date, missing column), every error is reported with its row and column, and only a
clean file is written, in one transaction, through the bulk paths. Importing the same file again
changes nothing: rows are matched by organisation code and by username.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models.functions import Lower
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from apps.audit.services import audit_record
from apps.core import tree_versions
from apps.core.dates import local_today
from apps.core.errors import DomainError
from apps.core.tables import (
    RowError,
    TableLimits,
    choice_lookup,
    model_lengths,
    parse_date,
    read_table,
)
from apps.core.text import fold

from .bulk import NodeSpec, bulk_insert_tree
from .grants import GrantRules
from .membership_counts import check_count, membership_count_set
from .models import (
    Membership,
    MembershipCount,
    Organization,
    OrganizationKind,
    Role,
    code_validator,
)
from .permissions import is_administrator
from .services import (
    Grant,
    code_unavailable,
    membership_add_refusal,
    memberships_add_bulk,
    open_roles,
)
from .tree import ancestor_paths, parent_path

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
# Django's username rule (letters, digits and . @ + - _), spelled here so the row error can say it.
USERNAME_RE = re.compile(r"[\w.@+-]+")
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

    @property
    def listed_errors(self) -> list[RowError]:
        """The errors a page or a command lists (settings.IMPORT_MAX_ERRORS_LISTED): a file of
        500,000 bad rows answered a 32 MB page."""
        return self.errors[: settings.IMPORT_MAX_ERRORS_LISTED]

    @property
    def unlisted_count(self) -> int:
        return max(0, len(self.errors) - settings.IMPORT_MAX_ERRORS_LISTED)

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


def organization_for(
    orgs: dict, row: dict, number: int, result: ImportResult, rules: GrantRules | None = None
):
    """The row's organisation by code, or an error on its organization_code column. With
    `rules`, an organisation outside the importer's subtree gets the very same answer as one
    that does not exist: an import does not reveal other provinces' codes."""
    org = orgs.get(row["organization_code"])
    if org is not None and rules is not None and not rules.in_scope(org):
        org = None
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
            if anchor is not None and (result.created or result.updated):
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
    except IntegrityError:
        # Someone wrote the same rows meanwhile (two confirmations at once): nothing is kept.
        result.errors.append(
            RowError(
                0, "", _("Dữ liệu vừa được người khác thay đổi; không ghi dòng nào. Hãy thử lại.")
            )
        )
        result.created = result.updated = result.unchanged = 0
    return result


# Called with (rows checked, rows in the file) while a big file is checked: a job saves it for
# its page (apps.organizations.import_jobs).
Progress = Callable[[int, int], None]
PROGRESS_EVERY = 2000  # rows


def import_organizations(
    data: bytes,
    filename: str,
    *,
    actor: Any = None,
    dry_run: bool = False,
    progress: Progress | None = None,
    limits: TableLimits | None = None,
) -> ImportResult:
    result = ImportResult(dry_run=dry_run)
    table = read_table(
        data,
        filename,
        required=("code", "name", "kind"),
        optional=("parent_code", "short_name", *COUNT_COLUMNS),
        lengths=model_lengths(
            Organization,
            {"code": "code", "parent_code": "code", "name": "name", "short_name": "short_name"},
        ),
        limits=limits,
    )
    result.errors += table.errors
    if table.errors:
        return result
    report = progress or (lambda done, total: None)
    total = len(table.rows)
    report(0, total)
    specs: dict[str, tuple[int, NodeSpec]] = {}
    counts: dict[str, CountRow] = {}
    seen = Counter(row["code"].lower() for _n, row in table.rows)
    for checked, (number, row) in enumerate(table.rows, start=1):
        if checked % PROGRESS_EVERY == 0:
            report(checked, total)
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
        count = _count_of(number, row, result)
        if count is not None:
            counts[code] = count
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
    rules = GrantRules(actor)
    # Organisations outside the importer's subtree are not shown to exist: as a parent they are
    # "not found", as a row's own code "not available", whatever their case or province.
    found = {
        o.code: o
        for o in Organization.objects.filter(
            code__in=[*specs, *(s.parent_code for _n, s in specs.values() if s.parent_code)]
        )
    }
    existing = {code: o for code, o in found.items() if rules.in_scope(o)}
    lower_existing = {
        o.code.lower(): o
        for o in Organization.objects.annotate(lc=Lower("code")).filter(
            lc__in=[c.lower() for c in specs]
        )
    }
    for code, (number, spec) in specs.items():
        clash = lower_existing.get(code.lower())
        if clash and not rules.in_scope(clash):
            result.errors.append(
                RowError(
                    number,
                    "code",
                    code_unavailable(code),
                )
            )
            continue
        if clash and clash.code != code:
            result.errors.append(
                RowError(
                    number,
                    "code",
                    _("mã “%(c)s” trùng với mã đã có “%(o)s”") % {"c": code, "o": clash.code},
                )
            )
        if (
            spec.parent_code
            and spec.parent_code not in specs
            and spec.parent_code not in existing
            and code not in existing
        ):
            result.errors.append(
                RowError(
                    number,
                    "parent_code",
                    _("không có tổ chức cấp trên mã “%(p)s”") % {"p": spec.parent_code},
                )
            )
        if code in existing and spec.parent_code:
            # The row of the subtree's own top names its current parent, outside the subtree:
            # an export imported back must pass.
            current_parent = parent_path(existing[code].path)
            parent = found.get(spec.parent_code)
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
    report(total, total)
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
        elif code in counts and _count_changes(org, counts[code]):
            result.updated += 1
        else:
            result.unchanged += 1
    if (
        any(s.parent_code is None for s in new)
        and actor is not None
        and not is_administrator(actor)
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
        # bulk_update sends no signal: the renamed organisations' rows in the roll-ups above them
        renamed = {path for org in changed for path in (*ancestor_paths(org.path), org.path)}
        tree_versions.renew(tree_versions.subtrees(renamed))
        result.created = len(new)
        result.updated += len(changed)
        _write_counts(counts, actor)
        codes = [spec.code for spec in new] + [org.code for org in changed] + list(counts)
        return Organization.objects.filter(code__in=codes[:1]).first()

    return write_all_or_nothing(
        result, dry_run=dry_run, actor=actor, verb="import.organizations", write=write
    )


# Optional columns: the organisation's membership count as of a date (issue 22), read by the
# delegate allocation. The date defaults to the day of the import.
COUNT_COLUMNS = ("official_members", "probationary_members", "members_as_of")


class CountRow(NamedTuple):
    as_of: dt.date
    official: int
    probationary: int


def _count_of(number: int, row: dict[str, str], result: ImportResult) -> CountRow | None:
    """The row's membership count, checked as the form checks one (membership_counts)."""
    official_text = row.get("official_members", "").strip()
    probationary_text = row.get("probationary_members", "").strip()
    as_of_text = row.get("members_as_of", "").strip()
    if not (official_text or probationary_text or as_of_text):
        return None
    values = {}
    for column, text in (
        ("official_members", official_text),
        ("probationary_members", probationary_text or "0"),
    ):
        if not text.isdigit():
            result.errors.append(
                RowError(number, column, _("“%(v)s” không phải số đảng viên") % {"v": text})
            )
            return None
        values[column] = int(text)
    as_of = parse_date(as_of_text) if as_of_text else local_today()
    if as_of is None:
        result.errors.append(
            RowError(number, "members_as_of", _("ngày “%(v)s” không hợp lệ") % {"v": as_of_text})
        )
        return None
    try:
        check_count(
            as_of=as_of,
            official=values["official_members"],
            probationary=values["probationary_members"],
            today=local_today(),
        )
    except DomainError as exc:
        result.errors.append(RowError(number, "members_as_of", exc.message))
        return None
    return CountRow(as_of, values["official_members"], values["probationary_members"])


def _count_changes(org: Organization, count: CountRow) -> bool:
    return not MembershipCount.objects.filter(
        organization=org,
        as_of=count.as_of,
        official=count.official,
        probationary=count.probationary,
    ).exists()


def _write_counts(counts: dict[str, CountRow], actor: Any) -> None:
    """Each count through the one service (history, audit), in the import's transaction."""
    if not counts:
        return
    orgs = {o.code: o for o in Organization.objects.filter(code__in=list(counts))}
    for code, count in counts.items():
        membership_count_set(
            actor=actor,
            organization=orgs[code],
            as_of=count.as_of,
            official=count.official,
            probationary=count.probationary,
            checked_by_import=True,
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
    """People and their roles; new users get an unusable password and a set-password link.

    Who may give which role to whom, and whose name and e-mail may be rewritten, is decided by
    apps.organizations.grants for every row; every change is audited on its own row."""
    result = ImportResult(dry_run=dry_run)
    User = get_user_model()
    table = read_table(
        data,
        filename,
        required=("username", "organization_code", "role"),
        optional=("full_name", "email", "start_date", "end_date"),
        lengths={
            **model_lengths(
                User, {"username": "username", "full_name": "full_name", "email": "email"}
            ),
            "organization_code": Organization._meta.get_field("code").max_length,
        },
    )
    result.errors += table.errors
    if table.errors:
        return result
    codes = {row["organization_code"] for _n, row in table.rows}
    orgs = {o.code: o for o in Organization.objects.filter(code__in=codes)}
    users = {
        u.username: u
        for u in User.objects.filter(username__in={row["username"] for _n, row in table.rows})
    }
    rules = GrantRules(actor)
    editable = rules.identity_editable(users.values())
    # membership_add's own rule, asked per row from two reads for the whole file.
    held_open = open_roles(list(users.values()))
    existing = {
        (m.user_id, m.organization_id, m.role, m.start_date): m
        for m in Membership.objects.filter(user__in=list(users.values()))
    }
    parsed: list[PersonRow] = []
    for number, row in table.rows:
        org = organization_for(orgs, row, number, result, rules)
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
        username = row["username"]
        if not username:
            result.errors.append(RowError(number, "username", _("tên đăng nhập trống")))
        elif not USERNAME_RE.fullmatch(username):
            result.errors.append(
                RowError(
                    number,
                    "username",
                    _(
                        "tên đăng nhập “%(u)s” chỉ gồm chữ, số và các dấu . @ + - _ "
                        "(không có dấu cách, không có “/”)"
                    )
                    % {"u": username},
                )
            )
        if row.get("email"):
            try:
                validate_email(row["email"])
            except ValidationError:
                result.errors.append(
                    RowError(
                        number, "email", _("e-mail “%(e)s” không hợp lệ") % {"e": row["email"]}
                    )
                )
        if org is not None and role is not None and username:
            refusal = rules.membership_refusal(username, org, role)
            if refusal:
                result.errors.append(RowError(number, "role", refusal))
        user = users.get(username)
        if user is not None and user.pk not in editable and _identity_differs(user, row):
            result.errors.append(
                RowError(
                    number,
                    "full_name" if row.get("full_name") else "email",
                    _(
                        "không được sửa họ tên, e-mail của tài khoản “%(u)s”: tài khoản có vai "
                        "trò ngoài phạm vi bạn quản lý (để trống hai cột này hoặc ghi đúng như cũ)"
                    )
                    % {"u": username},
                )
            )
        user_now = users.get(username)
        if (
            org is not None
            and role is not None
            and start is not None
            and (end is None or end >= start)
            and user_now is not None
            and (user_now.pk, org.pk, role, start) not in existing
        ):
            refusal = membership_add_refusal(
                start=start, end=end, holds_open=(user_now.pk, org.pk, role) in held_open
            )
            if refusal:
                result.errors.append(RowError(number, "role", refusal))
        if org is not None and role is not None and start is not None:
            parsed.append(PersonRow(number, row, org, role, start, end))
    if result.errors:
        result.errors.sort(key=lambda e: (e.row, e.column))
        return result
    return write_all_or_nothing(
        result,
        dry_run=dry_run,
        actor=actor,
        verb="import.people",
        write=lambda: _apply_people(parsed, users, existing, result, actor),
    )


class PersonRow(NamedTuple):
    number: int
    row: dict[str, str]
    organization: Organization
    role: str
    start: dt.date
    end: dt.date | None


def _identity_differs(user: Any, row: dict[str, str]) -> bool:
    return bool(
        (row.get("full_name") and user.full_name != row["full_name"])
        or (row.get("email") and user.email != row["email"])
    )


def _apply_people(
    parsed: list[PersonRow],
    users: dict[str, Any],
    existing: dict[tuple, Membership],
    result: ImportResult,
    actor: Any,
) -> Organization:
    """Write the checked rows: new accounts and identity changes one by one (each has its own
    audit row and set-password link), the new roles together through the membership service's
    bulk path (`memberships_add_bulk`)."""
    User = get_user_model()
    granted: dict[tuple, Grant] = {}
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
            audit_record(
                actor=actor,
                verb="person.create",
                target=user,
                organization=org,
                username=user.username,
                full_name=user.full_name,
                email=user.email,
            )
            users[user.username] = user
            token = default_token_generator.make_token(user)
            uid = urlsafe_base64_encode(force_bytes(user.pk))
            link = f"{settings.SITE_URL}/password/set/{uid}/{token}/"
            result.notes.append(
                _("%(u)s: đặt mật khẩu tại %(link)s") % {"u": user.username, "link": link}
            )
        elif _identity_differs(user, row):
            before = {"full_name": user.full_name, "email": user.email}
            user.full_name = row.get("full_name") or user.full_name
            user.email = row.get("email") or user.email
            user.save(update_fields=["full_name", "email"])
            audit_record(
                actor=actor,
                verb="person.identity_change",
                target=user,
                organization=org,
                before=before,
                after={"full_name": user.full_name, "email": user.email},
            )
        membership = existing.get((user.pk, org.pk, role, start))
        if membership is None:
            key = (user.pk, org.pk, role, start)
            if key not in granted:  # the same role twice in a file is given once
                granted[key] = Grant(user, org, role, start, end)
                result.created += 1
            else:
                result.unchanged += 1
        elif membership.end_date != end:
            before_end = membership.end_date
            membership.end_date = end
            membership.save(update_fields=["end_date"])
            audit_record(
                actor=actor,
                verb="membership.end_date",
                target=membership,
                organization=org,
                username=user.username,
                role=role,
                before=before_end,
                after=end,
            )
            result.updated += 1
        else:
            result.unchanged += 1
    memberships_add_bulk(actor=actor, grants=list(granted.values()), verb="membership.grant")
    return parsed[0].organization
