"""Reads of the congress day: the counts against the quorum, the list, the cards to print.

The counts come from one aggregate query over the congress's delegate list, whatever its size.
The arithmetic (quorum needed, quorate, convened base) is the delegate rules' own
(apps.delegates.rules); the quorum fraction is the rule set's (None: no attendance quorum).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from fractions import Fraction
from typing import Any, NamedTuple

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce

from apps.congresses.models import Congress, CongressKind
from apps.delegates.models import AllocationShare, Delegate, DelegateStatus
from apps.delegates.rules import convened_base, is_quorate, quorum_needed
from apps.organizations.selectors import parent_of
from apps.personnel.convened_base import RecordedBase

from .cards import CardFace, CardSheetHeader
from .models import Attendance, AttendanceStatus
from .tokens import card_token


@dataclass(frozen=True)
class AttendanceCount:
    """The congress day in numbers, against the rule set's quorum.

    `summoned` is the congress's true number: the official delegates on the list (an alternate
    who replaced one included) plus the seats of the units whose election of delegates is not
    recorded yet (`awaited`). Counting only the list would show "summoned: 6" for a congress
    of 150 and call 4 present quorate."""

    summoned: int
    present: int  # checked in
    excused: int  # not checked in, absence recorded with a reason
    quorum: Fraction | None  # the rule set's attendance quorum; None: no quorum rule
    awaited: int = 0  # seats of units whose delegates are not on the list yet
    units_awaited: tuple[str, ...] = ()  # those units' names, in the tree's order

    @property
    def on_list(self) -> int:
        return self.summoned - self.awaited

    @property
    def list_complete(self) -> bool:
        return self.awaited == 0

    @property
    def not_arrived(self) -> int:
        """On the list, neither checked in nor excused (the awaited units are told apart)."""
        return self.on_list - self.present - self.excused

    @property
    def absent(self) -> int:
        """Summoned but not present (excused or not come): absent without a replacement."""
        return self.summoned - self.present

    @property
    def needed(self) -> int | None:
        return None if self.quorum is None else quorum_needed(self.summoned, self.quorum)

    @property
    def missing(self) -> int:
        """How many more must come for the quorum (0 when met or when there is no rule)."""
        needed = self.needed
        return 0 if needed is None else max(0, needed - self.present)

    @property
    def quorate(self) -> bool:
        return is_quorate(present=self.present, summoned=self.summoned, quorum=self.quorum)

    @property
    def base(self) -> int:
        """The convened base of an election held now (QĐ 190 Art. 30): the official delegates
        summoned minus those absent so far with no replacement, i.e. those present."""
        return convened_base(summoned=self.summoned, absent_unreplaced=self.absent)


def seated(congress: Congress | int) -> QuerySet[Delegate]:
    """The delegates summoned to sit: official status (replaced and disqualified ones are not;
    an alternate who replaced someone is)."""
    return Delegate.objects.filter(congress=congress, status=DelegateStatus.OFFICIAL)


def attendance_count(congress: Congress) -> AttendanceCount:
    """One query, whatever the number of delegates: the list's counts and the seats of the
    allocated units that have not recorded their election of delegates (summoned too). Only
    while some are awaited, a second query names them."""

    def counted(condition: Q) -> Coalesce:
        rows = (
            # seated(), for the congress of the outer row
            Delegate.objects.filter(congress=OuterRef("pk"), status=DelegateStatus.OFFICIAL)
            .filter(condition)
            .values("congress")
            .annotate(n=Count("pk"))
            .values("n")
        )
        return Coalesce(Subquery(rows), 0)

    awaited_shares = AllocationShare.objects.filter(allocation__congress=congress).exclude(
        election__recorded_at__isnull=False
    )
    row = (
        Congress.objects.filter(pk=congress.pk)
        .values("pk")
        .annotate(
            on_list=counted(Q()),
            present=counted(Q(attendance__status=AttendanceStatus.PRESENT)),
            excused=counted(Q(attendance__status=AttendanceStatus.EXCUSED)),
            awaited=Coalesce(
                Subquery(
                    awaited_shares.values("allocation").annotate(seats=Sum("seats")).values("seats")
                ),
                0,
            ),
        )
        .get()
    )
    units: tuple[str, ...] = ()
    if row["awaited"]:
        units = tuple(
            awaited_shares.order_by("organization__path").values_list(
                "organization__name", flat=True
            )
        )
    return AttendanceCount(
        summoned=row["on_list"] + row["awaited"],
        present=row["present"],
        excused=row["excused"],
        quorum=congress.term.rule_set.attendance_quorum,
        awaited=row["awaited"],
        units_awaited=units,
    )


class AttendanceRow(NamedTuple):
    delegate: Delegate
    record: Attendance | None


def attendance_rows(congress: Congress, *, state: str = "") -> list[AttendanceRow]:
    """The seated delegates with their record, by delegation then name; `state` filters:
    "present", "excused", "waiting" (not arrived) or "" (all). One query."""
    return rows_of(attendance_list(congress, state=state))


def rows_of(delegates: Iterable[Delegate]) -> list[AttendanceRow]:
    """Delegates of `attendance_list` (all of them, or a page) paired with their record."""
    return [AttendanceRow(d, getattr(d, "attendance", None)) for d in delegates]


def attendance_list(congress: Congress, *, state: str = "") -> QuerySet[Delegate]:
    """The seated delegates in the list's order (delegation, kind, name), each with its source
    and its record in the same query: a page of it is read without reading the rest."""
    qs = seated(congress).select_related("source", "attendance__checked_in_by")
    if state == "present":
        qs = qs.filter(attendance__status=AttendanceStatus.PRESENT)
    elif state == "excused":
        qs = qs.filter(attendance__status=AttendanceStatus.EXCUSED)
    elif state == "waiting":
        qs = qs.filter(attendance__isnull=True)
    return qs.order_by("source__path", "kind", "full_name", "pk")


def recent_checkins(congress: Congress, *, limit: int = 8) -> QuerySet[Attendance]:
    return (
        Attendance.objects.filter(congress=congress, status=AttendanceStatus.PRESENT)
        .select_related("delegate__source", "checked_in_by")
        .order_by("-checked_in_at", "-pk")[:limit]
    )


def card_header(congress: Congress) -> CardSheetHeader:
    org = congress.organization
    superior = parent_of(org)
    first = congress.opening_date
    last = first + dt.timedelta(days=congress.days - 1)
    # No-break spaces: the card's narrow line breaks before the dates, never inside the range
    # (it printed "28/07/2020 –" and "29/07/2020" on two lines).
    dates = first.strftime("%d/%m/%Y") + (
        f"\u00a0–\u00a0{last.strftime('%d/%m/%Y')}" if last != first else ""
    )
    place = congress.place or org.place_name
    return CardSheetHeader(
        superior_name=superior.name if superior else "",
        organization_name=org.name,
        congress_line=f"{congress.get_kind_display()} lần thứ {congress.ordinal}",
        term_line=f"nhiệm kỳ {congress.term}",
        place_and_dates=f"{place}, {dates}" if place else dates,
    )


def card_face(delegate: Delegate) -> CardFace:
    return CardFace(
        name=delegate.full_name,
        delegation=delegate.source.name,
        kind=delegate.get_kind_display(),
        code=delegate.code,
        token=card_token(congress_id=delegate.congress_id, code=delegate.code),
    )


def card_faces(congress: Congress, *, source_id: int | None = None) -> list[CardFace]:
    """Cards of every seated delegate (or of one delegation), by delegation then name."""
    qs = seated(congress).select_related("source").order_by("source__path", "kind", "full_name")
    if source_id is not None:
        qs = qs.filter(source_id=source_id)
    return [card_face(d) for d in qs]


def own_cards(user: Any) -> QuerySet[Delegate]:
    """The seats a signed-in person holds as a delegate (their account linked to the delegate):
    only their own, at congresses where they are seated."""
    if not getattr(user, "is_authenticated", False):
        return Delegate.objects.none()
    return (
        Delegate.objects.filter(user=user, status=DelegateStatus.OFFICIAL)
        .select_related("congress__organization", "congress__term", "source")
        .order_by("-congress__opening_date")
    )


def recorded_base(congress: Congress) -> RecordedBase | None:
    """The attendance record's base for an election at `congress` (registered with personnel).

    A delegates' congress whose delegate list is in the portal always answers from the record
    (before anyone is checked in: 0 present); None for a congress without a list here (an
    all-member congress, or a list kept on paper), whose figures are typed with the result."""
    if congress.kind != CongressKind.DELEGATES:
        return None
    count = attendance_count(congress)
    if count.summoned == 0:
        return None
    return RecordedBase(
        summoned=count.summoned,
        excused=count.absent,
        present=count.present,
        needed=count.needed,
        quorate=count.quorate,
    )
