"""Composition and surplus of a personnel plan, as pure functions of the list and the rule set.

Ages are taken at the congress's opening date. The surplus rule (QĐ 190-QĐ/TW Art. 14): more
candidates than seats, and at most seats + ⌊cap% × seats⌋ (e.g. 15 seats, 30 % → at most 19),
never less than one extra name.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from django.utils.translation import gettext as _


@dataclass(frozen=True)
class Person:
    birth_date: dt.date
    sex: str
    ethnicity: str
    is_incumbent: bool


@dataclass(frozen=True)
class Share:
    key: str
    label: str
    count: int
    total: int
    target_percent: float | None  # a minimum, when the rule set has one

    @property
    def percent(self) -> float:
        return round(100 * self.count / self.total, 1) if self.total else 0.0

    @property
    def meets_target(self) -> bool | None:
        return None if self.target_percent is None else self.percent >= self.target_percent


def age_on(birth: dt.date, day: dt.date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def composition(
    people: Iterable[Person], *, on: dt.date, targets: Mapping[str, float]
) -> list[Share]:
    people = list(people)
    total = len(people)
    under_40 = sum(1 for p in people if age_on(p.birth_date, on) < 40)
    women = sum(1 for p in people if p.sex == "female")
    new = sum(1 for p in people if not p.is_incumbent)
    minority = sum(1 for p in people if p.ethnicity.strip().lower() not in ("kinh", ""))
    return [
        Share("under_40", _("Dưới 40 tuổi"), under_40, total, targets.get("under_40_min_percent")),
        Share("women", _("Nữ"), women, total, targets.get("women_min_percent")),
        Share("renewal", _("Tham gia lần đầu"), new, total, targets.get("renewal_min_percent")),
        Share(
            "minority", _("Dân tộc thiểu số"), minority, total, targets.get("minority_min_percent")
        ),
    ]


def surplus_cap(seats: int, cap_percent: int) -> int:
    """The largest list the congress may vote on: seats + ⌊cap% × seats⌋, in integers.

    For a small committee ⌊30 % × 3⌋ is 0, which would forbid the "more candidates than seats"
    the same rule demands; we allow at least one extra name there (an assumption, see the notes).
    """
    return seats + max(1, (seats * cap_percent) // 100)


def surplus_problems(*, candidates: int, seats: int, cap_percent: int) -> list[str]:
    """Why the list's size is unlawful; empty when it is within the rule."""
    if candidates <= seats:
        return [
            _("Danh sách phải nhiều hơn số cấp ủy viên cần bầu: có %(n)s người cho %(s)s chỗ.")
            % {"n": candidates, "s": seats}
        ]
    cap = surplus_cap(seats, cap_percent)
    if candidates > cap:
        return [
            _(
                "Số dư vượt mức tối đa %(pct)s%%: %(s)s chỗ cho phép tối đa %(cap)s người, "
                "danh sách có %(n)s người."
            )
            % {"pct": cap_percent, "s": seats, "cap": cap, "n": candidates}
        ]
    return []
