"""Every election at a congress takes its base from the attendance record: here a subordinate
delegates' congress (its own delegate list in the portal) elects delegates to the congress above;
its tally counts from the present delegates, and typed figures that differ are refused."""

import pytest

from apps.attendance.services import attendance_checkin
from apps.congresses.models import CongressKind
from apps.core.errors import DomainError
from apps.delegates.allocation import allocation_prepare
from apps.delegates.elections import (
    delegate_candidates_add,
    delegate_election_open,
    delegate_election_record,
)
from apps.delegates.models import DelegateElection
from apps.reports.builders import ReportKind
from apps.reports.services import report_issue
from tests.delegates.province import (
    BELOW,
    COUNTS_AS_OF,
    DECIDED,
    TODAY,
    candidate_people,
    make_province,
)

from .conftest import at, seat

pytestmark = pytest.mark.django_db


def test_a_delegate_election_counts_from_the_attendance_of_its_congress():
    p = make_province(units=3, committee=3, code="QB")
    allocation_prepare(
        actor=p.secretary,
        congress=p.congress,
        seats=10,
        counts_as_of=COUNTS_AS_OF,
        decided_on=DECIDED,
        today=TODAY,
    )
    report_issue(user=p.officer, kind=ReportKind.DELEGATE_ALLOCATION, obj=p.congress, day=TODAY)
    below = p.unit_congresses[0]
    below.kind = CongressKind.DELEGATES  # the unit holds a delegates' congress of its own
    below.save()
    own = seat(below, [p.units[0]], 10, prefix="Đại biểu đơn vị")
    for d in own[:7]:
        attendance_checkin(actor=p.unit_secretaries[0], congress=below, code=d.code, now=at(BELOW))
    election = delegate_election_open(actor=p.unit_secretaries[0], congress=below)
    delegate_candidates_add(
        actor=p.unit_secretaries[0],
        election=election,
        people=candidate_people(6, seed=1, prefix="X"),
    )
    share = election.share
    candidates = list(election.candidates.order_by("position"))
    votes = {c.pk: 6 - i for i, c in enumerate(candidates)}  # 6, 5, 4, 3, 2, 1 of a base of 7

    def record(**typed):
        return delegate_election_record(
            actor=p.unit_secretaries[0],
            election=election,
            official_seats=min(share.seats, 2),
            alternate_seats=0,
            ballots_issued=7,
            ballots_valid=7,
            votes=votes,
            election_date=BELOW,
            today=TODAY,
            **typed,
        )

    with pytest.raises(DomainError, match="lấy từ điểm danh đại biểu \\(10 triệu tập, 3 vắng"):
        record(summoned=60, excused=2)
    assert not DelegateElection.objects.filter(recorded_at__isnull=False).exists()
    record(summoned=None, excused=None)
    election.refresh_from_db()
    assert (election.summoned, election.excused, election.base) == (10, 3, 7)
    outcome = dict(election.candidates.values_list("full_name", "outcome"))
    passing = [c.full_name for c in candidates if votes[c.pk] >= 4]  # > ½ of 7
    assert [name for name, o in outcome.items() if o == "official"] == passing[:2]
