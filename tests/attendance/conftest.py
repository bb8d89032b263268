"""A delegates' congress on its day: Quảng Bình's XVII, delegates from PTM and ANKT, and the
rule set's attendance quorum at 2/3 (off by default; a rule set adopts it as data)."""

import datetime as dt

import pytest

from apps.congresses.models import CongressKind, CongressStatus
from apps.core.dates import local_today
from apps.delegates.models import Delegate, DelegateKind, DelegateStatus
from tests.factories import CongressFactory, term

OPENING = dt.date(2020, 7, 28)


def at(day: dt.date, hour: int = 8, minute: int = 0) -> dt.datetime:
    """An aware moment in Hà Nội on `day`."""
    from zoneinfo import ZoneInfo

    return dt.datetime(
        day.year, day.month, day.day, hour, minute, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh")
    )


def two_thirds_quorum() -> None:
    rule_set = term().rule_set
    rule_set.attendance_quorum_numerator = 2
    rule_set.attendance_quorum_denominator = 3
    rule_set.save()


def seat(congress, sources, n: int, *, prefix: str = "Đại biểu") -> list[Delegate]:
    """`n` official delegates elected below, shared among `sources` in turn."""
    return Delegate.objects.bulk_create(
        [
            Delegate(
                congress=congress,
                source=sources[i % len(sources)],
                full_name=f"{prefix} {i + 1:03d}",
                kind=DelegateKind.ELECTED,
                status=DelegateStatus.OFFICIAL,
            )
            for i in range(n)
        ]
    )


@pytest.fixture
def day(tree):
    """The QB delegates' congress in session with 6 delegates; the HT congress beside it."""

    class Day:
        pass

    two_thirds_quorum()
    d = Day()
    d.congress = CongressFactory(
        organization=tree.qb,
        ordinal="XVII",
        kind=CongressKind.DELEGATES,
        opening_date=OPENING,
        days=2,
        place="Đồng Hới",
        status=CongressStatus.IN_SESSION,
    )
    d.other = CongressFactory(
        organization=tree.ht,
        ordinal="XVIII",
        kind=CongressKind.DELEGATES,
        opening_date=OPENING,
        days=2,
        status=CongressStatus.IN_SESSION,
    )
    d.delegates = seat(d.congress, [tree.ptm, tree.ankt], 6)
    d.foreign = seat(d.other, [tree.ht_ptm], 2, prefix="Đại biểu Hà Tĩnh")
    return d


@pytest.fixture
def today_congress(tree):
    """QB's delegates' congress opening today, 4 delegates: 1, 2 and 4 from PTM, 3 from ANKT."""
    two_thirds_quorum()
    congress = CongressFactory(
        organization=tree.qb,
        ordinal="XVII",
        kind=CongressKind.DELEGATES,
        opening_date=local_today(),
        days=2,
        place="Đồng Hới",
        status=CongressStatus.IN_SESSION,
    )
    delegates = seat(congress, [tree.ptm, tree.ptm, tree.ankt], 4)
    return congress, delegates
