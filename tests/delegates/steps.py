"""Steps the delegate tests share on a small province (tests/delegates/province.py): prepare and
issue the allocation, open and record a unit's election, fill the whole list, and a snapshot of
what the services write (a refusal must leave it unchanged)."""

from __future__ import annotations

from apps.audit.models import AuditEvent
from apps.delegates.allocation import allocation_prepare
from apps.delegates.elections import (
    delegate_candidates_add,
    delegate_election_open,
    delegate_election_record,
)
from apps.delegates.models import AllocationShare, Delegate, DelegateElection
from apps.reports.builders import ReportKind
from apps.reports.services import report_issue
from tests.delegates.province import (
    BELOW,
    COUNTS_AS_OF,
    DECIDED,
    TODAY,
    candidate_people,
)


def prepared(p, seats=10):
    return allocation_prepare(
        actor=p.secretary,
        congress=p.congress,
        seats=seats,
        counts_as_of=COUNTS_AS_OF,
        decided_on=DECIDED,
        today=TODAY,
    )


def snapshot(p):
    return (
        list(AllocationShare.objects.values_list("organization_id", "seats", "alternates")),
        Delegate.objects.count(),
        list(Delegate.objects.values_list("pk", "status", "replaced_by_id")),
        DelegateElection.objects.filter(recorded_at__isnull=False).count(),
        AuditEvent.objects.count(),
    )


def issued(p):
    allocation = prepared(p)
    report_issue(user=p.officer, kind=ReportKind.DELEGATE_ALLOCATION, obj=p.congress, day=TODAY)
    allocation.refresh_from_db()
    return allocation


def election_with(p, i, n):
    election = delegate_election_open(actor=p.unit_secretaries[i], congress=p.unit_congresses[i])
    delegate_candidates_add(
        actor=p.unit_secretaries[i],
        election=election,
        people=candidate_people(n, seed=i, prefix=f"U{i}"),
    )
    return election, list(election.candidates.order_by("position"))


def record(p, i, election, votes, actor=None, **overrides):
    share = election.share
    args = {
        "official_seats": share.seats,
        "alternate_seats": share.alternates,
        "summoned": 60,
        "excused": 2,
        "ballots_issued": 58,
        "ballots_valid": 58,
        "election_date": BELOW,
        "today": TODAY,
    } | overrides
    return delegate_election_record(
        actor=actor or p.unit_secretaries[i], election=election, votes=votes, **args
    )


def full_list(p):
    issued(p)
    for i in range(3):
        election, cands = election_with(p, i, 6)
        record(p, i, election, {c.pk: 57 - k for k, c in enumerate(cands)})
