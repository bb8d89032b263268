"""Reads for the delegate pages, the API and the PDFs, in a fixed number of queries whatever
the number of delegates or subordinates (tests/delegates/test_queries.py)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q, QuerySet

from apps.congresses.models import Congress
from apps.organizations.models import MembershipCount, Organization
from apps.organizations.permissions import Action, restrict
from apps.personnel.models import Sex

from .composition import Composition, DelegateFacts, compose
from .models import (
    Allocation,
    AllocationShare,
    Delegate,
    DelegateElection,
    DelegateKind,
    DelegateStatus,
)
from .permissions import may_view_allocation


def allocation_congress(*, user: Any, pk: int) -> Congress | None:
    """The congress whose delegate allocation `user` may read, or None. Not looked up through
    the congress pages' visibility: the decision is sent to the subordinates, whose people read
    it (its notice links them here) without seeing the convening organisation's congress. The
    allocation page, its PDF and the API's allocation all ask here."""
    congress = (
        Congress.objects.select_related("organization", "term__rule_set").filter(pk=pk).first()
    )
    if congress is None:
        return None
    share_orgs = [
        org
        for org in Allocation.objects.filter(congress=congress).values_list(
            "shares__organization_id", flat=True
        )
        if org
    ]
    return congress if may_view_allocation(user, congress, share_orgs) else None


def counts_visible_to(*, user: Any, organization: Organization) -> QuerySet[MembershipCount]:
    """The counts of an organisation and its direct subordinates the user may see."""
    qs = MembershipCount.objects.filter(
        Q(organization=organization)
        | Q(
            organization__path__startswith=organization.path,
            organization__depth=organization.depth + 1,
        )
    ).select_related("organization", "updated_by")
    return restrict(qs, user, Action.VIEW, via="organization")


@dataclass
class AllocationPage:
    allocation: Allocation | None
    shares: list[AllocationShare]
    total_members: int
    by_right: list[Delegate]
    elections: dict[int, DelegateElection]  # by organisation id: who has recorded

    @property
    def shared_seats(self) -> int:
        return sum(s.seats for s in self.shares)

    @property
    def shared_alternates(self) -> int:
        return sum(s.alternates for s in self.shares)

    @property
    def recorded(self) -> set[int]:
        """The subordinates whose delegates are on the list."""
        return {oid for oid, e in self.elections.items() if e.is_recorded}


def allocation_page(congress: Congress) -> AllocationPage:
    allocation = Allocation.objects.filter(congress=congress).first()
    if allocation is None:
        return AllocationPage(None, [], 0, [], {})
    shares = list(allocation.shares.select_related("organization").order_by("organization__path"))
    by_right = list(
        Delegate.objects.filter(congress=congress, kind=DelegateKind.BY_RIGHT).order_by(
            "full_name", "id"
        )
    )
    elections = {
        e.share.organization_id: e
        for e in DelegateElection.objects.filter(share__allocation=allocation).select_related(
            "share"
        )
    }
    return AllocationPage(
        allocation,
        shares,
        sum(s.official_members for s in shares),
        by_right,
        elections,
    )


@dataclass
class SourceBlock:
    """The delegates a source sent: its allocation and who is on the list."""

    organization: Organization
    seats: int | None  # None for the delegates by right
    alternates_allotted: int | None
    delegates: list[Delegate] = field(default_factory=list)

    @property
    def official(self) -> int:
        return sum(1 for d in self.delegates if d.status == DelegateStatus.OFFICIAL)

    @property
    def waiting(self) -> int:
        return sum(1 for d in self.delegates if d.status == DelegateStatus.ALTERNATE)


@dataclass
class DelegateList:
    congress: Congress
    allocation: Allocation | None
    blocks: list[SourceBlock]
    official: int
    alternates_waiting: int
    replaced: int
    disqualified: int
    missing_sources: list[Organization]  # subordinates that have not recorded their delegates
    composition: Composition


def delegate_list(congress: Congress, *, opening: dt.date | None = None) -> DelegateList:
    """The list by source (delegates by right first), the counts, the composition of the seated
    official delegates at the opening date. Five queries whatever the size."""
    allocation = Allocation.objects.filter(congress=congress).first()
    shares = (
        {
            s.organization_id: s
            for s in allocation.shares.select_related("organization").order_by("organization__path")
        }
        if allocation
        else {}
    )
    delegates = list(
        Delegate.objects.filter(congress=congress)
        .select_related("source", "replaced_by")
        .order_by("source__path", "vote_rank", "full_name", "id")
    )
    by_source: dict[int, list[Delegate]] = defaultdict(list)
    for d in delegates:
        by_source[d.source_id].append(d)
    org = congress.organization
    blocks = (
        [SourceBlock(org, None, None, by_source.pop(org.pk, []))] if org.pk in by_source else []
    )
    for oid, share in shares.items():
        blocks.append(
            SourceBlock(share.organization, share.seats, share.alternates, by_source.pop(oid, []))
        )
    for rest in by_source.values():  # a source no longer in the allocation: still shown
        blocks.append(SourceBlock(rest[0].source, None, None, rest))
    elected_sources = (
        {
            oid
            for oid in DelegateElection.objects.filter(
                share__allocation=allocation, recorded_at__isnull=False
            ).values_list("share__organization_id", flat=True)
        }
        if allocation
        else set()
    )
    status: dict[str, int] = defaultdict(int)
    for d in delegates:
        status[d.status] += 1
    seated = [d for d in delegates if d.status == DelegateStatus.OFFICIAL]
    rule_set = congress.term.rule_set
    composition = compose(
        [
            DelegateFacts(
                d.kind,
                d.source.name,  # the official name, as the credentials report prints it
                d.birth_date,
                d.sex,
                d.ethnicity,
                d.new_committee_member,
            )
            for d in seated
        ],
        opening=opening or congress.opening_date,
        config=rule_set.delegate_composition or {},
        kind_labels=dict(DelegateKind.choices),
        sex_labels=dict(Sex.choices),
    )
    return DelegateList(
        congress,
        allocation,
        blocks,
        status[DelegateStatus.OFFICIAL],
        status[DelegateStatus.ALTERNATE],
        status[DelegateStatus.REPLACED],
        status[DelegateStatus.DISQUALIFIED],
        [s.organization for oid, s in shares.items() if oid not in elected_sources],
        composition,
    )


def election_page(election: DelegateElection) -> dict[str, Any]:
    candidates = list(election.candidates.order_by("position", "id"))
    return {"election": election, "candidates": candidates}


def summoned_official(congress: Congress) -> int:
    """Official delegates on the list now (the number summoned for the congress day)."""
    return Delegate.objects.filter(congress=congress, status=DelegateStatus.OFFICIAL).count()


def status_counts(congress: Congress) -> dict[str, int]:
    return dict(
        Delegate.objects.filter(congress=congress)
        .values_list("status")
        .annotate(n=Count("id"))
        .values_list("status", "n")
    )
