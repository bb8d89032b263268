"""The delegates' composition for the credentials board's report (thẩm tra tư cách đại biểu):
pure counting over named rows, the groups and age bands read from the rule set
(`RuleSet.delegate_composition`). Ages are full years at the congress's opening date."""

from __future__ import annotations

import datetime as dt
import itertools
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from apps.personnel.composition import age_on

MAJORITY_ETHNICITY = "Kinh"


@dataclass(frozen=True, slots=True)
class DelegateFacts:
    """What the composition reads of one seated (official) delegate."""

    kind: str
    source: str
    birth_date: dt.date | None
    sex: str
    ethnicity: str
    new_committee_member: bool


@dataclass(frozen=True, slots=True)
class Line:
    label: str
    count: int
    percent: str  # "12,5" — one decimal, Vietnamese comma


@dataclass(frozen=True, slots=True)
class Group:
    key: str
    title: str
    lines: list[Line]


@dataclass(frozen=True, slots=True)
class Composition:
    total: int
    groups: list[Group]
    youngest: int | None
    oldest: int | None
    average_age: str | None


def _percent(count: int, total: int) -> str:
    if not total:
        return "0"
    return f"{count * 100 / total:.1f}".replace(".", ",")


def _lines(counts: Mapping[str, int] | Iterable[tuple[str, int]], total: int) -> list[Line]:
    items = counts.items() if isinstance(counts, Mapping) else counts
    return [Line(label, n, _percent(n, total)) for label, n in items]


def age_band_labels(bands: Sequence[int]) -> list[str]:
    labels = [_("Dưới %(n)s tuổi") % {"n": bands[0]}] if bands else []
    for low, high in itertools.pairwise(bands):
        labels.append(_("Từ %(a)s đến dưới %(b)s tuổi") % {"a": low, "b": high})
    if bands:
        labels.append(_("Từ %(n)s tuổi trở lên") % {"n": bands[-1]})
    return labels


def _band(age: int, bands: Sequence[int]) -> int:
    return sum(1 for b in bands if age >= b)


def compose(
    rows: Sequence[DelegateFacts],
    *,
    opening: dt.date,
    config: Mapping[str, Any],
    kind_labels: Mapping[str, Any],
    sex_labels: Mapping[str, Any],
) -> Composition:
    """Count the seated delegates by each group the rule set lists (unknown facts counted
    under "Chưa rõ", never guessed)."""
    total = len(rows)
    bands = sorted(int(b) for b in config.get("age_bands", []))
    ages = [age_on(r.birth_date, opening) for r in rows if r.birth_date]
    groups: list[Group] = []
    unknown = _("Chưa rõ")
    for key in config.get("groups", []):
        if key == "kind":
            c = Counter(r.kind for r in rows)
            groups.append(
                Group(
                    key,
                    _("Theo loại đại biểu"),
                    _lines({str(kind_labels[k]): c[k] for k in kind_labels if c[k]}, total),
                )
            )
        elif key == "source":
            c = Counter(r.source for r in rows)
            groups.append(Group(key, _("Theo đơn vị"), _lines(sorted(c.items()), total)))
        elif key == "sex":
            c = Counter(r.sex or "" for r in rows)
            lines = {str(sex_labels[k]): c[k] for k in sex_labels}
            if c[""]:
                lines[unknown] = c[""]
            groups.append(Group(key, _("Theo giới tính"), _lines(lines, total)))
        elif key == "ethnicity":
            c = Counter((r.ethnicity or "").strip() for r in rows)
            minority = sum(n for e, n in c.items() if e and e != MAJORITY_ETHNICITY)
            lines = {_("Dân tộc Kinh"): c[MAJORITY_ETHNICITY], _("Dân tộc thiểu số"): minority}
            lines.update(
                {f"— {e}": n for e, n in sorted(c.items()) if e and e != MAJORITY_ETHNICITY}
            )
            if c[""]:
                lines[unknown] = c[""]
            groups.append(Group(key, _("Theo dân tộc"), _lines(lines, total)))
        elif key == "new_committee_member":
            n = sum(1 for r in rows if r.new_committee_member)
            groups.append(
                Group(key, _("Cấp ủy viên mới"), _lines({_("Cấp ủy viên mới"): n}, total))
            )
    if bands:
        in_band = Counter(_band(a, bands) for a in ages)
        labels = age_band_labels(bands)
        lines = {labels[i]: in_band[i] for i in range(len(labels))}
        if total - len(ages):
            lines[_("Chưa rõ ngày sinh")] = total - len(ages)
        groups.append(
            Group("age", _("Theo độ tuổi (tính đến ngày khai mạc)"), _lines(lines, total))
        )
    average = f"{sum(ages) / len(ages):.1f}".replace(".", ",") if ages else None
    return Composition(
        total, groups, min(ages) if ages else None, max(ages) if ages else None, average
    )
