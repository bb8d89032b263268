"""Delegate services on a small province: every refusal is a clear message and writes nothing;
every permission both ways."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from apps.audit.models import AuditEvent
from apps.core.errors import DomainError, PermissionDenied
from apps.delegates.allocation import allocation_adjust, allocation_prepare
from apps.delegates.credentials import delegate_disqualify, delegate_replace, delegate_update
from apps.delegates.elections import (
    delegate_candidates_add,
    delegate_election_open,
    delegate_election_record,
)
from apps.delegates.models import (
    AllocationShare,
    CandidateOutcome,
    Delegate,
    DelegateElection,
    DelegateStatus,
)
from apps.organizations.membership_counts import membership_count_set
from apps.organizations.models import MembershipCount, Organization
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

pytestmark = pytest.mark.django_db


def prepared(p, seats=10):
    return allocation_prepare(
        actor=p.secretary,
        congress=p.congress,
        seats=seats,
        counts_as_of=COUNTS_AS_OF,
        decided_on=DECIDED,
        today=TODAY,
    )


@pytest.fixture
def small():
    return make_province(units=3, committee=3, code="QB")


def snapshot(p):
    return (
        list(AllocationShare.objects.values_list("organization_id", "seats", "alternates")),
        Delegate.objects.count(),
        list(Delegate.objects.values_list("pk", "status", "replaced_by_id")),
        DelegateElection.objects.filter(recorded_at__isnull=False).count(),
        AuditEvent.objects.count(),
    )


def test_membership_count_with_history_and_permission(small):
    unit = small.units[0]
    count = membership_count_set(
        actor=small.officer, organization=unit, as_of=TODAY, official=40, probationary=2
    )
    membership_count_set(
        actor=small.unit_secretaries[0], organization=unit, as_of=TODAY, official=41
    )
    count.refresh_from_db()
    assert (count.official, count.probationary) == (41, 0)
    assert count.history.count() == 2  # the earlier figure is kept
    assert AuditEvent.objects.filter(verb="membership_count.set").count() == 2
    for outsider in (small.member, small.unit_secretaries[1]):
        with pytest.raises(PermissionDenied):
            membership_count_set(actor=outsider, organization=unit, as_of=TODAY, official=1)
    with pytest.raises(DomainError, match="sau ngày hôm nay"):
        membership_count_set(
            actor=small.officer, organization=unit, as_of=dt.date(2999, 1, 1), official=1
        )
    count.refresh_from_db()
    assert count.official == 41


def test_only_the_convening_organisations_leaders_standing_and_office_allocate(small):
    for user in (small.member, small.committee[-1], small.unit_secretaries[0]):
        with pytest.raises(PermissionDenied):
            allocation_prepare(
                actor=user,
                congress=small.congress,
                seats=10,
                counts_as_of=COUNTS_AS_OF,
                decided_on=DECIDED,
                today=TODAY,
            )
    assert not AllocationShare.objects.exists()
    for user in (small.secretary, small.standing, small.officer):
        allocation = allocation_prepare(
            actor=user,
            congress=small.congress,
            seats=10,
            counts_as_of=COUNTS_AS_OF,
            decided_on=DECIDED,
            today=TODAY,
        )
        assert allocation.by_right == 3 and allocation.shares.count() == 3


def test_too_few_seats_and_missing_counts_are_refused(small):
    with pytest.raises(DomainError, match="không đủ để mỗi đơn vị"):
        prepared(small, seats=5)  # 3 by right leave 2 seats for 3 units
    MembershipCount.objects.filter(organization=small.units[2]).delete()
    with pytest.raises(DomainError, match=re.escape(small.units[2].name)):
        prepared(small)
    assert not AllocationShare.objects.exists() and not Delegate.objects.exists()


def test_an_adjustment_that_does_not_sum_is_refused_and_nothing_changes(small):
    allocation = prepared(small)
    a, b, c = small.units
    before = snapshot(small)
    share_a = allocation.shares.get(organization=a)
    with pytest.raises(DomainError) as refused:
        allocation_adjust(
            actor=small.officer,
            congress=small.congress,
            seats={a.pk: share_a.seats + 1},
            reason="Đơn vị trọng điểm",
        )
    assert "phải bằng 7" in refused.value.message
    with pytest.raises(DomainError, match=f"ít nhất 1 đại biểu: {re.escape(b.name)}"):
        allocation_adjust(
            actor=small.officer,
            congress=small.congress,
            seats={a.pk: share_a.seats + allocation.shares.get(organization=b).seats, b.pk: 0},
            reason="x",
        )
    assert snapshot(small) == before
    # a balanced move needs a reason, then is kept with it
    share_b = allocation.shares.get(organization=b)
    move = {a.pk: share_a.seats + 1, b.pk: share_b.seats - 1} if share_b.seats > 1 else None
    if move is None:
        share_c = allocation.shares.get(organization=c)
        move = {a.pk: share_a.seats + 1, c.pk: share_c.seats - 1}
    with pytest.raises(DomainError, match="lý do"):
        allocation_adjust(actor=small.officer, congress=small.congress, seats=move, reason=" ")
    allocation_adjust(
        actor=small.officer, congress=small.congress, seats=move, reason="Đơn vị trọng điểm"
    )
    share_a.refresh_from_db()
    assert share_a.is_adjusted and share_a.adjustment_reason == "Đơn vị trọng điểm"
    assert sum(allocation.shares.values_list("seats", flat=True)) == 7


def issued(p):
    allocation = prepared(p)
    report_issue(user=p.officer, kind=ReportKind.DELEGATE_ALLOCATION, obj=p.congress, day=TODAY)
    allocation.refresh_from_db()
    return allocation


def test_issued_allocation_is_fixed(small):
    issued(small)
    with pytest.raises(DomainError, match="đã ban hành"):
        prepared(small)
    with pytest.raises(DomainError, match="đã được ban hành"):
        report_issue(
            user=small.officer, kind=ReportKind.DELEGATE_ALLOCATION, obj=small.congress, day=TODAY
        )


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


def test_election_before_the_decision_is_issued_is_refused(small):
    prepared(small)
    with pytest.raises(DomainError, match="chưa được ban hành"):
        delegate_election_open(actor=small.unit_secretaries[0], congress=small.unit_congresses[0])
    assert not DelegateElection.objects.exists()


def test_a_result_with_more_delegates_than_seats_is_refused_and_nothing_written(small):
    issued(small)
    election, cands = election_with(small, 0, 6)
    seats = election.share.seats
    before = snapshot(small)
    with pytest.raises(DomainError) as refused:
        record(small, 0, election, {c.pk: 50 for c in cands}, official_seats=seats + 1)
    assert f"được phân bổ {seats} đại biểu chính thức" in refused.value.message
    assert "vượt số được phân bổ" in refused.value.message
    assert snapshot(small) == before
    assert set(c.outcome for c in election.candidates.all()) == {CandidateOutcome.PENDING}


def test_a_tie_at_the_cut_off_needs_a_new_vote(small):
    issued(small)
    election, cands = election_with(small, 0, 6)
    seats = election.share.seats
    votes = {c.pk: 50 - i for i, c in enumerate(cands)}
    votes[cands[seats].pk] = votes[cands[seats - 1].pk]  # tie at the last official seat
    before = snapshot(small)
    with pytest.raises(DomainError) as refused:
        record(small, 0, election, votes)
    assert "bầu lại" in refused.value.message
    assert cands[seats].full_name in refused.value.message
    assert cands[seats - 1].full_name in refused.value.message
    assert snapshot(small) == before


def test_more_than_half_of_the_base_and_the_highest_win(small):
    issued(small)
    election, cands = election_with(small, 0, 6)
    seats, alternates = election.share.seats, election.share.alternates
    # base 58 → 30 votes needed; the last candidate has 29
    votes = {c.pk: 57 - i for i, c in enumerate(cands)}
    votes[cands[-1].pk] = 29
    counted = record(small, 0, election, votes)
    assert counted.base == 58 and counted.needed == 30
    assert [c.pk for c in counted.official] == [c.pk for c in cands[:seats]]
    assert [c.pk for c in counted.alternates] == [c.pk for c in cands[seats : seats + alternates]]
    on_list = Delegate.objects.filter(congress=small.congress, source=small.units[0])
    assert on_list.filter(status=DelegateStatus.OFFICIAL).count() == seats
    assert list(
        on_list.filter(status=DelegateStatus.ALTERNATE).values_list("vote_rank", flat=True)
    ) == list(range(seats + 1, seats + alternates + 1))
    last = election.candidates.get(pk=cands[-1].pk)
    assert last.outcome == CandidateOutcome.NOT_ELECTED and last.votes == 29
    with pytest.raises(DomainError, match="đã được ghi"):
        record(small, 0, election, votes)  # nothing typed twice


def test_someone_elses_election_is_not_recorded(small):
    issued(small)
    election, cands = election_with(small, 0, 4)
    for user in (small.unit_secretaries[1], small.member):
        with pytest.raises(PermissionDenied):
            record(small, 0, election, {c.pk: 50 for c in cands}, actor=user, official_seats=1)
    assert not Delegate.objects.filter(election=election).exists()


def full_list(p):
    issued(p)
    for i in range(3):
        election, cands = election_with(p, i, 6)
        record(p, i, election, {c.pk: 57 - k for k, c in enumerate(cands)})


def test_replacement_in_vote_order_from_the_same_source_only(small):
    full_list(small)
    unit = small.units[0]
    absent = Delegate.objects.get(source=unit, vote_rank=1)
    other_source_alt = Delegate.objects.filter(
        source=small.units[1], status=DelegateStatus.ALTERNATE
    ).first()
    before = snapshot(small)
    with pytest.raises(DomainError, match="theo thứ tự số phiếu"):
        delegate_replace(
            actor=small.officer,
            congress=small.congress,
            delegate=absent,
            alternate=other_source_alt,
            reason="Vắng",
        )
    with pytest.raises(DomainError, match="lý do"):
        delegate_replace(actor=small.officer, congress=small.congress, delegate=absent, reason="")
    by_right = Delegate.objects.filter(congress=small.congress, kind="by_right").first()
    with pytest.raises(DomainError, match="đương nhiên"):
        delegate_replace(
            actor=small.officer, congress=small.congress, delegate=by_right, reason="Vắng"
        )
    with pytest.raises(PermissionDenied):
        delegate_replace(
            actor=small.unit_secretaries[0],
            congress=small.congress,
            delegate=absent,
            reason="Vắng",
        )
    assert snapshot(small) == before


def test_a_delegate_from_another_congress_is_refused(small):
    full_list(small)
    central = Organization.objects.get_parent(small.org)
    other = make_province(units=1, committee=1, code="HT", parent=central)
    prepared_other = allocation_prepare(
        actor=other.secretary,
        congress=other.congress,
        seats=3,
        counts_as_of=COUNTS_AS_OF,
        decided_on=DECIDED,
        today=TODAY,
    )
    assert prepared_other.by_right == 2  # its secretary and standing member
    stranger = Delegate.objects.filter(congress=other.congress).first()
    before = snapshot(small)
    for service, extra in (
        (delegate_replace, {"reason": "Vắng"}),
        (delegate_disqualify, {"reason": "Kỷ luật"}),
        (delegate_update, {"full_name": "Tên khác"}),
    ):
        with pytest.raises(DomainError, match="không thuộc danh sách đại biểu của đại hội này"):
            service(actor=small.officer, congress=small.congress, delegate=stranger, **extra)
    assert snapshot(small) == before
    stranger.refresh_from_db()
    assert stranger.status == DelegateStatus.OFFICIAL and stranger.full_name != "Tên khác"


def test_disqualify_with_a_reason(small):
    full_list(small)
    target = Delegate.objects.filter(congress=small.congress, kind="by_right").first()
    with pytest.raises(DomainError, match="lý do"):
        delegate_disqualify(
            actor=small.standing, congress=small.congress, delegate=target, reason=""
        )
    delegate_disqualify(
        actor=small.standing,
        congress=small.congress,
        delegate=target,
        reason="Bị kỷ luật cảnh cáo",
    )
    target.refresh_from_db()
    assert (target.status, target.status_reason) == (
        DelegateStatus.DISQUALIFIED,
        "Bị kỷ luật cảnh cáo",
    )
    assert AuditEvent.objects.filter(verb="delegate.disqualify", target_id=str(target.pk)).exists()
    with pytest.raises(DomainError, match="Không đủ tư cách"):
        delegate_disqualify(
            actor=small.standing, congress=small.congress, delegate=target, reason="x"
        )
