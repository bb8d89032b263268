"""apps/delegates/selectors.py: the membership counts a user sees, the allocation page, the list
by source with its counts, and the status counts."""

import pytest

from apps.delegates.credentials import delegate_disqualify, delegate_replace
from apps.delegates.models import Delegate, DelegateStatus
from apps.delegates.selectors import (
    allocation_page,
    counts_visible_to,
    delegate_list,
    election_page,
    status_counts,
    summoned_official,
)
from apps.organizations.models import MembershipCount
from tests.delegates.province import COUNTS_AS_OF, make_province
from tests.delegates.steps import election_with, full_list, issued, record

pytestmark = pytest.mark.django_db


def test_counts_of_the_organisation_and_its_direct_subordinates_as_far_as_the_user_sees(small):
    own = MembershipCount.objects.create(organization=small.org, as_of=COUNTS_AS_OF, official=900)
    grandchild_unit = make_province(units=1, committee=1, code="X", parent=small.units[0])
    MembershipCount.objects.create(organization=grandchild_unit.org, as_of=COUNTS_AS_OF, official=5)

    seen = set(counts_visible_to(user=small.officer, organization=small.org))
    assert own in seen and len(seen) == 4  # its own and the three units, not a level below
    by_unit = set(counts_visible_to(user=small.unit_secretaries[0], organization=small.org))
    assert {c.organization for c in by_unit} == {small.units[0]}


def test_the_allocation_page_before_and_after_allocating(small):
    empty = allocation_page(small.congress)
    assert (empty.allocation, empty.shares, empty.total_members, empty.by_right) == (
        None,
        [],
        0,
        [],
    )
    assert empty.shared_seats == 0 and empty.recorded == set()

    allocation = issued(small)
    election, cands = election_with(small, 0, 6)
    record(small, 0, election, {c.pk: 57 - k for k, c in enumerate(cands)})
    election_with(small, 1, 4)  # opened, not recorded

    page = allocation_page(small.congress)
    assert page.allocation == allocation
    assert [s.organization for s in page.shares] == small.units
    assert page.total_members == sum(s.official_members for s in page.shares)
    assert page.shared_seats == allocation.to_allocate == 7
    assert page.shared_alternates == sum(s.alternates for s in page.shares)
    assert len(page.by_right) == 3
    assert set(page.elections) == {small.units[0].pk, small.units[1].pk}
    assert page.recorded == {small.units[0].pk}


def test_the_list_by_source_with_its_counts(small):
    full_list(small)
    absent = Delegate.objects.get(source=small.units[0], vote_rank=1)
    delegate_replace(actor=small.officer, congress=small.congress, delegate=absent, reason="Ốm")
    struck = Delegate.objects.get(source=small.units[1], vote_rank=1)
    delegate_disqualify(
        actor=small.officer, congress=small.congress, delegate=struck, reason="Kỷ luật"
    )

    listing = delegate_list(small.congress)

    assert [b.organization for b in listing.blocks] == [small.org, *small.units]
    by_right = listing.blocks[0]
    assert by_right.seats is None and by_right.official == 3 and by_right.waiting == 0
    shares = {s.organization_id: s for s in listing.allocation.shares.all()}
    for block in listing.blocks[1:]:
        assert block.seats == shares[block.organization.pk].seats
    assert listing.replaced == 1 and listing.disqualified == 1
    # 10 seats: one replaced by an alternate (still 10), one disqualified (9)
    assert listing.official == 9 == summoned_official(small.congress)
    assert listing.missing_sources == []
    assert status_counts(small.congress) == {
        DelegateStatus.OFFICIAL: 9,
        DelegateStatus.ALTERNATE: listing.alternates_waiting,
        DelegateStatus.REPLACED: 1,
        DelegateStatus.DISQUALIFIED: 1,
    }


def test_units_that_have_not_recorded_are_named_missing(small):
    issued(small)
    election, cands = election_with(small, 2, 4)
    record(
        small,
        2,
        election,
        {c.pk: 57 - k for k, c in enumerate(cands)},
        official_seats=1,
        alternate_seats=0,
    )
    listing = delegate_list(small.congress)
    assert listing.missing_sources == small.units[:2]
    assert [b.official for b in listing.blocks] == [3, 0, 0, 1]


def test_a_congress_without_an_allocation_lists_nothing(small):
    listing = delegate_list(small.congress)
    assert listing.allocation is None and listing.blocks == [] and listing.missing_sources == []
    assert (listing.official, listing.alternates_waiting) == (0, 0)
    assert status_counts(small.congress) == {} and summoned_official(small.congress) == 0


def test_the_election_page_lists_candidates_in_their_order(small):
    issued(small)
    election, cands = election_with(small, 0, 3)
    page = election_page(election)
    assert page["election"] == election
    assert [c.full_name for c in page["candidates"]] == [c.full_name for c in cands]
    assert [c.position for c in page["candidates"]] == [1, 2, 3]
