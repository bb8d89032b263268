"""The delegate rules as pure arithmetic: no ORM, no clock (docs/domain.md, "Delegates").

- ``allocate``: seats to subordinates in proportion to their official members, by largest
  remainder (Hamilton), at least one each. A subordinate whose exact quota is below one seat
  gets its one seat and leaves the count; the quotas of the others are computed again on what
  remains, until every quota left is at least one; then each takes the whole part of its quota
  and the seats left go to the largest remainders. Ties (equal remainders) go to the larger
  membership, then to the smaller organisation code: the same counts always give the same seats.
- ``alternates_for``: alternates (dự khuyết) a subordinate elects for its seats, from the rule
  set's percentage, rounded up, at least one.
- ``is_quorate`` / ``quorum_needed``: the optional attendance quorum of the rule set (a fraction
  of those summoned; None = no quorum rule).
- ``convened_base``: a delegates' congress's convened base (QĐ 190 Art. 30): official delegates
  summoned minus convening-committee members excused and delegates absent with no replacement.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction


class AllocationImpossible(ValueError):
    """The seats cannot be shared under the rules (fewer seats than subordinates, or none)."""


@dataclass(frozen=True, slots=True)
class Unit:
    """A subordinate taking part in the allocation."""

    key: int
    code: str
    members: int


@dataclass(frozen=True, slots=True)
class UnitSeats:
    key: int
    code: str
    members: int
    quota: Fraction  # the exact proportional share of the seats it competed for
    seats: int


def _tie_order(unit: Unit) -> tuple[int, str]:
    return (-unit.members, unit.code)


def allocate(*, seats: int, units: Sequence[Unit]) -> list[UnitSeats]:
    """Share `seats` among `units`; the result is in the order of `units`. See the module doc."""
    if not units:
        raise AllocationImpossible("no subordinates")
    if seats < len(units):
        raise AllocationImpossible("fewer seats than subordinates")
    fixed: dict[int, UnitSeats] = {}
    competing = list(units)
    left = seats
    while True:
        total = sum(u.members for u in competing)
        quotas = {
            u.key: (Fraction(left * u.members, total) if total else Fraction(left, len(competing)))
            for u in competing
        }
        small = [u for u in competing if quotas[u.key] < 1]
        if not small:
            break
        for u in small:
            fixed[u.key] = UnitSeats(u.key, u.code, u.members, quotas[u.key], 1)
        competing = [u for u in competing if quotas[u.key] >= 1]
        left -= len(small)
        if not competing:
            break
    whole = {u.key: math.floor(quotas[u.key]) for u in competing} if competing else {}
    remaining = left - sum(whole.values())
    by_remainder = sorted(
        competing, key=lambda u: (-(quotas[u.key] - whole[u.key]), *_tie_order(u))
    )
    for u in by_remainder[:remaining]:
        whole[u.key] += 1
    for u in competing:
        fixed[u.key] = UnitSeats(u.key, u.code, u.members, quotas[u.key], whole[u.key])
    return [fixed[u.key] for u in units]


def alternates_for(seats: int, percent: int) -> int:
    """Alternates for `seats` official delegates: `percent` of them rounded up, at least one
    (none when the rule set's percentage is 0)."""
    if percent <= 0 or seats <= 0:
        return 0
    return max(1, math.ceil(Fraction(seats * percent, 100)))


def quorum_needed(summoned: int, quorum: Fraction | None) -> int:
    """The fewest present that meet the quorum (0 when there is no quorum rule)."""
    if quorum is None:
        return 0
    return math.ceil(summoned * quorum)


def is_quorate(*, present: int, summoned: int, quorum: Fraction | None) -> bool:
    """At least `quorum` of those summoned are present (always true without a quorum rule).
    With 2/3 and 150 summoned: 100 present is quorate, 99 is not."""
    return present >= quorum_needed(summoned, quorum)


def convened_base(*, summoned: int, committee_excused: int = 0, absent_unreplaced: int = 0) -> int:
    """The base an election's "more than half" counts from (QĐ 190 Art. 30)."""
    return max(0, summoned - committee_excused - absent_unreplaced)
