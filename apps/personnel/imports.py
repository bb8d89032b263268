"""Reading a candidate list from CSV or XLSX: all rows or none, every error with its row number."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from apps.core.tables import model_lengths, read_table

from .models import Candidate, Post, Sex

COLUMNS = (
    "full_name",
    "birth_date",
    "sex",
    "ethnicity",
    "current_post",
    "is_incumbent",
    "proposed_posts",
)
REQUIRED = ("full_name", "birth_date", "sex")
SEX_WORDS = {
    "male": Sex.MALE,
    "nam": Sex.MALE,
    "female": Sex.FEMALE,
    "nữ": Sex.FEMALE,
    "nu": Sex.FEMALE,
}
TRUE_WORDS = {"true", "1", "có", "co", "x", "yes", "tái cử", "tai cu"}
POST_WORDS = {str(p.value): p.value for p in Post} | {str(p.label).lower(): p.value for p in Post}


@dataclass
class CandidateRows:
    rows: list[dict] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def read_candidates(data: bytes, filename: str) -> CandidateRows:
    """Bounded like every import (apps.core.tables: size, rows, columns, XLSX streamed, control
    characters, lengths); a 50 MB CSV once took 20 s and 1.6 GB here."""
    out = CandidateRows()
    table = read_table(
        data,
        filename,
        required=REQUIRED,
        optional=COLUMNS,
        lengths=model_lengths(
            Candidate, {c: c for c in ("full_name", "ethnicity", "current_post")}
        ),
    )
    if table.errors:
        out.errors = [str(e) for e in table.errors]
        return out
    for number, row in table.rows:
        parsed, problems = _parse(row)
        out.errors += [_("Dòng %(n)s: %(p)s") % {"n": number, "p": p} for p in problems]
        out.rows.append(parsed)
    if out.errors:
        out.rows = []
    return out


def _parse(row: dict) -> tuple[dict, list[str]]:
    problems = []
    name = str(row.get("full_name", "")).strip()
    if not name:
        problems.append(_("cột full_name trống"))
    birth = _date(row.get("birth_date"))
    if birth is None:
        problems.append(_("cột birth_date không phải ngày hợp lệ (dd/mm/yyyy)"))
    sex = SEX_WORDS.get(str(row.get("sex", "")).strip().lower())
    if sex is None:
        problems.append(_("cột sex phải là Nam/Nữ (male/female)"))
    posts = []
    for word in str(row.get("proposed_posts", "")).split(";"):
        word = word.strip().lower()
        if not word:
            continue
        if word not in POST_WORDS:
            problems.append(_("chức danh “%(w)s” không hợp lệ") % {"w": word})
        else:
            posts.append(POST_WORDS[word])
    return (
        {
            "full_name": name,
            "birth_date": birth,
            "sex": sex,
            "ethnicity": str(row.get("ethnicity") or "Kinh").strip(),
            "current_post": str(row.get("current_post", "")).strip(),
            "is_incumbent": str(row.get("is_incumbent", "")).strip().lower() in TRUE_WORDS,
            "proposed_posts": posts,
        },
        problems,
    )


def _date(value) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value or "").strip()
    for fmt in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None
