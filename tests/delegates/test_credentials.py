"""apps/delegates/credentials.py: replacing, disqualifying and correcting delegates on the upper
congress's list, and the credentials board."""

from __future__ import annotations

import datetime as dt

import pytest

from apps.audit.models import AuditEvent
from apps.core.errors import DomainError, PermissionDenied
from apps.delegates.allocation import allocation_prepare
from apps.delegates.credentials import (
    credentials_board_set,
    delegate_disqualify,
    delegate_replace,
    delegate_update,
)
from apps.delegates.models import (
    CredentialsBoard,
    Delegate,
    DelegateStatus,
)
from apps.organizations.models import Organization
from tests.delegates.province import COUNTS_AS_OF, DECIDED, OPENING, TODAY, make_province
from tests.delegates.steps import full_list, prepared, snapshot

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


def test_the_first_alternate_of_the_same_source_takes_the_seat(small):
    full_list(small)
    unit = small.units[0]
    absent = Delegate.objects.get(source=unit, vote_rank=1)
    waiting = list(
        Delegate.objects.filter(source=unit, status=DelegateStatus.ALTERNATE).order_by("vote_rank")
    )
    chosen = delegate_replace(
        actor=small.officer,
        congress=small.congress,
        delegate=absent.pk,
        alternate=waiting[0],
        reason="  Ốm nặng ",
    )
    assert chosen.pk == waiting[0].pk and chosen.status == DelegateStatus.OFFICIAL
    absent.refresh_from_db()
    assert (absent.status, absent.status_reason, absent.replaced_by_id) == (
        DelegateStatus.REPLACED,
        "Ốm nặng",
        chosen.pk,
    )
    event = AuditEvent.objects.get(verb="delegate.replace")
    assert event.data["reason"] == "Ốm nặng" and event.data["by"] == chosen.full_name
    with pytest.raises(DomainError, match="đã được thay thế"):
        delegate_replace(actor=small.officer, congress=small.congress, delegate=absent, reason="x")


def test_no_alternate_left_is_said_with_the_source(small):
    full_list(small)
    unit = small.units[0]
    Delegate.objects.filter(source=unit, status=DelegateStatus.ALTERNATE).update(
        status=DelegateStatus.DISQUALIFIED, status_reason="Chuyển công tác"
    )
    absent = Delegate.objects.get(source=unit, vote_rank=1)
    with pytest.raises(DomainError, match=f"{unit.name} không còn đại biểu dự khuyết"):
        delegate_replace(actor=small.officer, congress=small.congress, delegate=absent, reason="x")
    absent.refresh_from_db()
    assert absent.status == DelegateStatus.OFFICIAL


def test_a_disqualified_delegate_is_replaced_and_keeps_its_reason(small):
    full_list(small)
    struck = Delegate.objects.get(source=small.units[1], vote_rank=1)
    delegate_disqualify(
        actor=small.officer, congress=small.congress, delegate=struck, reason="Bị kỷ luật"
    )
    chosen = delegate_replace(
        actor=small.officer, congress=small.congress, delegate=struck, reason="Thay người"
    )
    struck.refresh_from_db()
    assert (struck.status, struck.status_reason) == (DelegateStatus.DISQUALIFIED, "Bị kỷ luật")
    assert struck.replaced_by_id == chosen.pk
    with pytest.raises(DomainError, match="Chỉ thay thế đại biểu chính thức"):
        delegate_replace(
            actor=small.officer,
            congress=small.congress,
            delegate=Delegate.objects.filter(status=DelegateStatus.ALTERNATE).first(),
            reason="x",
        )


def test_a_delegates_facts_are_corrected_and_only_those(small):
    prepared(small)
    delegate = Delegate.objects.filter(congress=small.congress).first()
    updated = delegate_update(
        actor=small.officer,
        congress=small.congress,
        delegate=delegate,
        full_name=" Nguyễn Văn Sửa ",
        sex="female",
        ethnicity="Tày",
        new_committee_member=True,
    )
    delegate.refresh_from_db()
    assert (delegate.full_name, delegate.sex, delegate.ethnicity) == (
        "Nguyễn Văn Sửa",
        "female",
        "Tày",
    )
    assert delegate.new_committee_member and updated.pk == delegate.pk
    assert AuditEvent.objects.get(verb="delegate.update").data["fields"] == [
        "ethnicity",
        "full_name",
        "new_committee_member",
        "sex",
    ]


@pytest.mark.parametrize(
    ("facts", "message"),
    [
        ({"code": "ABC"}, "Trường không sửa được: code"),
        ({"status": "replaced", "kind": "elected"}, "Trường không sửa được: kind, status"),
        ({"full_name": "  "}, "Thiếu họ và tên"),
        ({"sex": "khác"}, "Giới tính không hợp lệ"),
    ],
)
def test_a_correction_outside_the_facts_is_refused(small, facts, message):
    prepared(small)
    delegate = Delegate.objects.filter(congress=small.congress).first()
    before = snapshot(small), delegate.full_name
    with pytest.raises(DomainError, match=message):
        delegate_update(actor=small.officer, congress=small.congress, delegate=delegate, **facts)
    delegate.refresh_from_db()
    assert (snapshot(small), delegate.full_name) == before


def test_the_credentials_board_is_set_then_replaced(small):
    board = credentials_board_set(
        actor=small.secretary,
        congress=small.congress,
        head=" Trưởng Ban ",
        members=" A\nB ",
        report_date=OPENING,
    )
    assert (board.head, board.members) == ("Trưởng Ban", "A\nB")
    last_day = OPENING + dt.timedelta(days=small.congress.days - 1)
    credentials_board_set(
        actor=small.officer,
        congress=small.congress,
        head="Người khác",
        members="",
        report_date=last_day,
    )
    assert CredentialsBoard.objects.get(congress=small.congress).head == "Người khác"
    assert CredentialsBoard.objects.count() == 1


def test_a_board_without_a_head_after_the_congress_or_by_a_stranger_is_refused(small):
    with pytest.raises(DomainError, match="Phải ghi Trưởng Ban") as refused:
        credentials_board_set(
            actor=small.secretary,
            congress=small.congress,
            head=" ",
            members="",
            report_date=OPENING,
        )
    assert refused.value.field == "head"
    after = OPENING + dt.timedelta(days=small.congress.days)
    with pytest.raises(DomainError, match="không được sau ngày bế mạc đại hội") as refused:
        credentials_board_set(
            actor=small.secretary, congress=small.congress, head="A", members="", report_date=after
        )
    assert refused.value.field == "report_date"
    with pytest.raises(PermissionDenied):
        credentials_board_set(
            actor=small.member, congress=small.congress, head="A", members="", report_date=OPENING
        )
    assert not CredentialsBoard.objects.exists()
