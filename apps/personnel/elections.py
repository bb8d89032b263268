"""Counting an election (QĐ 190-QĐ/TW Art. 30): the convened base decides, not ballots cast.

A candidate is elected with more than half of the convened base; if more pass than there are
seats, the highest votes take them; a tie at the cut-off cannot be decided and needs a new vote.
Worked example: 15 seats, 150 summoned, 2 absent without replacement → base 148 → 75 votes needed.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass


def votes_needed(base: int) -> int:
    """The fewest votes that are more than half of the base."""
    return base // 2 + 1


@dataclass(frozen=True)
class Tally:
    base: int
    needed: int
    elected: list[int]  # candidate keys, highest votes first
    tie: list[int]  # candidates tied at the cut-off: a new vote among them is needed
    seats_left: int  # seats the tie (or too few passing) leaves unfilled


def tally(*, base: int, seats: int, votes: Mapping[int, int]) -> Tally:
    needed = votes_needed(base)
    passing = sorted(
        (key for key, n in votes.items() if n >= needed), key=lambda k: votes[k], reverse=True
    )
    if len(passing) <= seats:
        return Tally(base, needed, passing, [], seats - len(passing))
    cut = votes[passing[seats - 1]]
    above = [k for k in passing if votes[k] > cut]
    at_cut = [k for k in passing if votes[k] == cut]
    if len(above) + len(at_cut) == seats:
        return Tally(base, needed, above + at_cut, [], 0)
    return Tally(base, needed, above, at_cut, seats - len(above))
