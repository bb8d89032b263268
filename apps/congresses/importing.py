"""Importing congress schedules (organization_code,term,ordinal,kind,opening_date,days,place,
is_pilot).

The opening date follows the scheduling rule (apps/congresses/rules.py): a new congress, or a
moved date, may not be in the past (local date); an unchanged date is left as it is.
All or nothing, errors per row and column; idempotent by (organisation, term, ordinal). Terms are
national: an office names an existing one (2020-2025 or 2020–2025); only an administrator or the
operator's command creates a new term, with a rule set of defaults.
"""

from __future__ import annotations

import re
from typing import Any

from django.utils.translation import gettext as _

from apps.core.dates import local_today
from apps.core.tables import (
    RowError,
    choice_lookup,
    model_lengths,
    parse_bool,
    parse_date,
    read_table,
)
from apps.core.text import fold
from apps.organizations.grants import GrantRules
from apps.organizations.importing import (
    ImportRefused,
    ImportResult,
    organization_for,
    write_all_or_nothing,
)
from apps.organizations.models import Organization

from .models import Congress, CongressKind, RuleSet, Term
from .rules import opening_date_refusals

KINDS = choice_lookup(CongressKind.choices, {"all-member": CongressKind.ALL_MEMBER})
TERM_RE = re.compile(r"^\s*(\d{4})\s*[-–—]\s*(\d{4})\s*$")
FIELDS = ("kind", "opening_date", "days", "place", "is_pilot")


def import_congresses(
    data: bytes, filename: str, *, actor: Any = None, dry_run: bool = False
) -> ImportResult:
    today = local_today()
    result = ImportResult(dry_run=dry_run)
    table = read_table(
        data,
        filename,
        required=("organization_code", "term", "ordinal", "opening_date"),
        optional=("kind", "days", "place", "is_pilot"),
        lengths={
            **model_lengths(Congress, {"ordinal": "ordinal", "place": "place"}),
            **model_lengths(Organization, {"organization_code": "code"}),
            **model_lengths(Term, {"term": "code"}),
        },
    )
    result.errors += table.errors
    if table.errors:
        return result
    orgs = {
        o.code: o
        for o in Organization.objects.filter(
            code__in={r["organization_code"] for _n, r in table.rows}
        )
    }
    parsed = []
    seen: set[tuple] = set()
    rules = GrantRules(actor)
    known_terms = set(Term.objects.values_list("code", flat=True))
    stored: dict[tuple[int | None, str, str], Any] = {
        (org_id, term_code, ordinal): opening
        for org_id, term_code, ordinal, opening in Congress.objects.filter(
            organization__in=orgs.values()
        ).values_list("organization_id", "term__code", "ordinal", "opening_date")
    }
    for number, row in table.rows:
        org = organization_for(orgs, row, number, result, rules)
        term = TERM_RE.match(row["term"])
        if not term or int(term.group(2)) <= int(term.group(1)):
            result.errors.append(
                RowError(
                    number,
                    "term",
                    _("nhiệm kỳ “%(t)s” phải có dạng 2020-2025") % {"t": row["term"]},
                )
            )
        elif f"{term.group(1)}-{term.group(2)}" not in known_terms and not rules.trusted:
            # A term and its rule set are national: an office cannot create one by a typo.
            result.errors.append(
                RowError(
                    number,
                    "term",
                    _(
                        "chưa có nhiệm kỳ “%(t)s”; chỉ quản trị viên tạo nhiệm kỳ mới "
                        "(đang có: %(known)s)"
                    )
                    % {"t": row["term"], "known": ", ".join(sorted(known_terms))},
                )
            )
        if not row["ordinal"]:
            result.errors.append(RowError(number, "ordinal", _("lần thứ trống")))
        kind = KINDS.get(fold(row.get("kind") or "delegates"))
        if kind is None:
            result.errors.append(
                RowError(number, "kind", _("hình thức “%(k)s” không hợp lệ") % {"k": row["kind"]})
            )
        opening = parse_date(row["opening_date"])
        if opening is None:
            result.errors.append(
                RowError(
                    number,
                    "opening_date",
                    _("ngày “%(d)s” không hợp lệ (dd/mm/yyyy)") % {"d": row["opening_date"]},
                )
            )
        elif term:
            previous = stored.get(
                (getattr(org, "pk", None), f"{term.group(1)}-{term.group(2)}", row["ordinal"])
            )
            for refusal in opening_date_refusals(opening, today=today, previous=previous):
                result.errors.append(RowError(number, "opening_date", refusal))
        days_text = row.get("days") or "1"
        days = int(days_text) if days_text.isdigit() and 1 <= int(days_text) <= 10 else None
        if days is None:
            result.errors.append(
                RowError(number, "days", _("số ngày “%(d)s” phải từ 1 đến 10") % {"d": days_text})
            )
        pilot = parse_bool(row.get("is_pilot") or "")
        if pilot is None:
            result.errors.append(
                RowError(
                    number,
                    "is_pilot",
                    _("“%(v)s” phải là true/false hoặc có/không") % {"v": row["is_pilot"]},
                )
            )
        key = (row["organization_code"], term and term.groups(), row["ordinal"])
        if key in seen:
            result.errors.append(RowError(number, "ordinal", _("đại hội này lặp lại trong tệp")))
        seen.add(key)
        if term:
            parsed.append(
                (
                    org,
                    f"{term.group(1)}-{term.group(2)}",
                    row["ordinal"],
                    {
                        "kind": kind,
                        "opening_date": opening,
                        "days": days,
                        "place": row.get("place", ""),
                        "is_pilot": pilot,
                    },
                )
            )
    if result.errors:
        return result

    def write():
        terms = {t.code: t for t in Term.objects.all()}
        for org, term_code, ordinal, values in parsed:
            term = terms.get(term_code) or terms.setdefault(term_code, _new_term(term_code))
            congress = Congress.objects.filter(organization=org, term=term, ordinal=ordinal).first()
            if congress is None:
                Congress.objects.create(organization=org, term=term, ordinal=ordinal, **values)
                result.created += 1
            elif any(getattr(congress, f) != values[f] for f in FIELDS):
                if congress.is_open_or_later:
                    message = _("Đại hội %(o)s đã khai mạc, không sửa được lịch.") % {"o": org.code}
                    raise ImportRefused(RowError(0, "", message))
                for f in FIELDS:
                    setattr(congress, f, values[f])
                congress.save()
                result.updated += 1
            else:
                result.unchanged += 1
        return parsed[0][0]

    return write_all_or_nothing(
        result, dry_run=dry_run, actor=actor, verb="import.congresses", write=write
    )


def _new_term(code: str) -> Term:
    start, end = (int(x) for x in code.split("-"))
    rule_set = RuleSet.objects.create(name=f"Bộ quy tắc nhiệm kỳ {start}–{end}")
    return Term.objects.create(code=code, start_year=start, end_year=end, rule_set=rule_set)
