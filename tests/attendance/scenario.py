"""The congress day of the generated province (issue 22, Must show), continued from the delegates'
scenario (tests/delegates/test_scenario.py calls `the_congress_day` once its 150 are seated):
with the rule set's quorum at 2/3, 99 checked in of 150 is not quorate and the committee
election is refused, nothing written; 101 is quorate and the election's tally counts from the
base the attendance record gives (101 → 51 votes needed), not from a typed number."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from apps.attendance.selectors import attendance_count, seated
from apps.attendance.services import attendance_checkin
from apps.attendance.tokens import card_token
from apps.congresses.models import CongressStatus
from apps.core.errors import DomainError
from apps.personnel import services as personnel
from apps.personnel.models import ElectionResult
from tests.factories import approved_plan


def the_congress_day(p, opening: dt.date) -> None:
    congress = p.congress
    rule_set = congress.term.rule_set
    rule_set.attendance_quorum_numerator, rule_set.attendance_quorum_denominator = 2, 3
    rule_set.save()
    congress.status = CongressStatus.IN_SESSION  # opened (the opening has its own tests)
    congress.save()
    morning = dt.datetime.combine(opening, dt.time(7, 0), tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
    delegates = list(seated(congress).order_by("pk"))
    assert len(delegates) == 150
    for d in delegates[:99]:
        attendance_checkin(actor=p.officer, congress=congress, code=d.code, now=morning)
    count = attendance_count(congress)
    assert (count.summoned, count.present, count.needed, count.quorate) == (150, 99, 100, False)

    plan = approved_plan(congress, seats=3, candidates=4)
    names = [c.pk for c in plan.candidates.order_by("position")]

    def elect(votes: list[int], issued: int):
        return personnel.results_record(
            actor=p.secretary,
            congress=congress,
            summoned=None,
            excused=None,
            ballots_issued=issued,
            ballots_valid=issued,
            votes=dict(zip(names, votes, strict=True)),
            election_date=opening,
            today=opening,
        )

    with pytest.raises(DomainError, match="có mặt 99/150, cần ít nhất 100"):
        elect([90, 60, 51, 50], 99)
    assert not ElectionResult.objects.filter(congress=congress).exists()

    attendance_checkin(
        actor=p.officer,
        congress=congress,
        token=card_token(congress_id=congress.pk, code=delegates[99].code),
        now=morning,
    )
    attendance_checkin(actor=p.standing, congress=congress, code=delegates[100].code, now=morning)
    count = attendance_count(congress)
    assert (count.present, count.quorate, count.base) == (101, True, 101)
    result, tally = elect([90, 60, 51, 50], 101)
    assert (result.summoned, result.excused, result.base, tally.needed) == (150, 49, 101, 51)
    assert tally.elected == names[:3]  # 51 of a base of 101 wins; 50 does not
