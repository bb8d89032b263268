"""apps/delegates/credentials.py: replacing, disqualifying and correcting delegates on the upper
congress's list, and the credentials board."""

from __future__ import annotations

import pytest

from apps.audit.models import AuditEvent
from apps.core.errors import DomainError, PermissionDenied
from apps.delegates.allocation import allocation_prepare
from apps.delegates.credentials import delegate_disqualify, delegate_replace, delegate_update
from apps.delegates.models import (
    Delegate,
    DelegateStatus,
)
from apps.organizations.models import Organization
from tests.delegates.province import COUNTS_AS_OF, DECIDED, TODAY, make_province
from tests.delegates.steps import full_list, snapshot

pytestmark = pytest.mark.django_db


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
