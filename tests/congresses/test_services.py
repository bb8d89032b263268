"""Services enforce the rules: opening refused with reasons, dates moved, reports and decisions."""

import datetime as dt

import pytest

from apps.audit.models import AuditEvent
from apps.congresses import services
from apps.congresses.facts import evaluate_congress
from apps.congresses.models import CongressStatus, Decision
from apps.congresses.services import RuleViolation
from apps.core.errors import DomainError, PermissionDenied
from tests.factories import (
    CongressFactory,
    approved_plan,
    circulate_required,
    ready_for_report,
    term,
)

pytestmark = pytest.mark.django_db
D = dt.date
OPENING = D(2020, 6, 30)


@pytest.fixture
def qb_congress(tree):
    return CongressFactory(organization=tree.qb, opening_date=OPENING)


@pytest.fixture
def ready(qb_congress):
    """Drafts and an approved plan exist, so the report to the superior can go."""
    return ready_for_report(qb_congress)


REPORTED, DECIDED = D(2020, 6, 1), D(2020, 6, 5)


def _report_and_approve(tree, congress, reported=REPORTED, decided=DECIDED):
    report = services.superior_report_submit(
        actor=tree.qb_secretary, congress=congress, today=reported
    )
    return services.superior_report_decide(
        actor=tree.central_standing, report=report, decision=Decision.APPROVED, today=decided
    )


def test_schedule_by_secretary_with_audit(tree):
    congress = services.congress_schedule(
        actor=tree.ptm_secretary,
        organization=tree.ptm,
        term=term(),
        ordinal="XV",
        opening_date=D(2020, 4, 8),
        kind="delegates",
        is_pilot=True,
        today=D(2020, 1, 6),
    )
    assert congress.status == CongressStatus.PLANNED
    assert AuditEvent.objects.filter(verb="congress.schedule", target_id=str(congress.pk)).exists()


@pytest.mark.parametrize("who", ["ht_secretary", "qb_member", "qb_standing", "ptm_standing"])
def test_schedule_refused_for_others(tree, who):
    with pytest.raises(PermissionDenied):
        services.congress_schedule(
            actor=getattr(tree, who),
            organization=tree.ptm,
            term=term(),
            ordinal="XV",
            opening_date=D(2020, 4, 8),
            kind="delegates",
        )


def test_duplicate_congress_refused_clearly(tree, qb_congress):
    with pytest.raises(DomainError, match="đã có đại hội lần thứ"):
        services.congress_schedule(
            actor=tree.qb_secretary,
            organization=tree.qb,
            term=qb_congress.term,
            ordinal=qb_congress.ordinal,
            opening_date=OPENING,
            kind="delegates",
            today=D(2020, 1, 6),
        )


def test_open_refused_with_every_reason_then_allowed(tree, qb_congress):
    with pytest.raises(RuleViolation) as refused:
        services.congress_open(actor=tree.qb_secretary, congress=qb_congress, today=OPENING)
    reasons = refused.value.reasons
    assert any("chưa gửi lấy ý kiến" in r for r in reasons)
    assert any("Chưa báo cáo" in r for r in reasons)
    assert any("Chưa có ý kiến đồng ý" in r for r in reasons)
    qb_congress.refresh_from_db()
    assert qb_congress.status == CongressStatus.PLANNED

    circulate_required(qb_congress, D(2020, 5, 25))
    approved_plan(qb_congress)
    _report_and_approve(tree, qb_congress)
    services.congress_open(actor=tree.qb_secretary, congress=qb_congress, today=OPENING)
    qb_congress.refresh_from_db()
    assert qb_congress.status == CongressStatus.IN_SESSION
    assert AuditEvent.objects.filter(verb="congress.open").count() == 1


def test_congress_without_superior_agreement_cannot_open(tree, qb_congress):
    circulate_required(qb_congress, D(2020, 5, 25))
    approved_plan(qb_congress)
    services.superior_report_submit(
        actor=tree.qb_secretary, congress=qb_congress, today=D(2020, 6, 1)
    )
    with pytest.raises(RuleViolation) as refused:
        services.congress_open(actor=tree.qb_secretary, congress=qb_congress, today=OPENING)
    assert refused.value.reasons == ["Chưa có ý kiến đồng ý của cấp ủy cấp trên."]


def test_open_refused_before_the_opening_date(tree, qb_congress):
    circulate_required(qb_congress, D(2020, 5, 25))
    approved_plan(qb_congress)
    _report_and_approve(tree, qb_congress)
    with pytest.raises(RuleViolation, match="khai mạc") as refused:
        services.congress_open(actor=tree.qb_secretary, congress=qb_congress, today=D(2020, 6, 29))
    assert "Chưa đến ngày khai mạc (30/06/2020)." in refused.value.reasons


def test_late_circulation_blocks_opening_until_the_date_moves(tree, qb_congress):
    circulate_required(qb_congress, D(2020, 6, 5))  # 25 days before: late
    approved_plan(qb_congress)
    _report_and_approve(tree, qb_congress, reported=D(2020, 6, 8), decided=D(2020, 6, 9))
    evaluated = evaluate_congress(qb_congress, today=D(2020, 6, 10))
    assert evaluated.evaluation["R30"].status == "done_late"
    assert evaluated.evaluation.earliest_lawful_opening == D(2020, 7, 5)
    services.congress_postpone(
        actor=tree.qb_secretary,
        congress=qb_congress,
        new_date=D(2020, 7, 5),
        reason="Dời lịch",
        today=D(2020, 6, 10),
    )
    qb_congress.refresh_from_db()
    assert qb_congress.status == CongressStatus.POSTPONED
    moved = evaluate_congress(qb_congress, today=D(2020, 7, 5))
    assert moved.evaluation["R30"].status == "done"
    assert moved.evaluation.can_open
    services.congress_open(actor=tree.qb_secretary, congress=qb_congress, today=D(2020, 7, 5))


def test_moving_the_date_re_evaluates(tree, qb_congress, ready):
    services.superior_report_submit(
        actor=tree.qb_secretary, congress=qb_congress, today=D(2020, 6, 10)
    )
    assert evaluate_congress(qb_congress, today=D(2020, 6, 10)).evaluation["R20"].status == "done"
    services.congress_update(
        actor=tree.qb_secretary,
        congress=qb_congress,
        opening_date=D(2020, 6, 29),
        today=D(2020, 6, 10),
    )
    assert (
        evaluate_congress(qb_congress, today=D(2020, 6, 10)).evaluation["R20"].status == "done_late"
    )
    event = AuditEvent.objects.get(verb="congress.update")
    assert event.data["opening_date"] == ["2020-06-30", "2020-06-29"]


def test_returned_report_must_be_submitted_again(tree, qb_congress, ready):
    report = services.superior_report_submit(
        actor=tree.qb_secretary, congress=qb_congress, today=D(2020, 6, 1)
    )
    with pytest.raises(DomainError, match="đang chờ"):
        services.superior_report_submit(
            actor=tree.qb_secretary, congress=qb_congress, today=D(2020, 6, 2)
        )
    with pytest.raises(DomainError, match="ghi rõ ý kiến"):
        services.superior_report_decide(
            actor=tree.central_standing,
            report=report,
            decision=Decision.RETURNED,
            today=D(2020, 6, 3),
        )
    services.superior_report_decide(
        actor=tree.central_standing,
        report=report,
        decision=Decision.RETURNED,
        note="Bổ sung phương án nhân sự",
        today=D(2020, 6, 3),
    )
    qb_congress.refresh_from_db()
    assert qb_congress.status == CongressStatus.RETURNED
    e = evaluate_congress(qb_congress, today=D(2020, 6, 4)).evaluation
    assert e["RA"].status == "returned" and e["R20"].status == "due_soon"
    services.superior_report_submit(
        actor=tree.qb_secretary, congress=qb_congress, today=D(2020, 6, 9)
    )
    qb_congress.refresh_from_db()
    assert qb_congress.status == CongressStatus.REPORTED
    e = evaluate_congress(qb_congress, today=D(2020, 6, 9)).evaluation
    assert e["R20"].status == "done" and e["R20"].done_on == D(2020, 6, 9)
    assert e["RA"].status == "pending"


@pytest.mark.parametrize("who", ["qb_standing", "ht_standing", "qb_secretary", "outsider"])
def test_only_the_direct_superior_decides(tree, qb_congress, ready, who):
    report = services.superior_report_submit(
        actor=tree.qb_secretary, congress=qb_congress, today=D(2020, 6, 1)
    )
    with pytest.raises(PermissionDenied):
        services.superior_report_decide(
            actor=getattr(tree, who), report=report, decision=Decision.APPROVED, today=D(2020, 6, 2)
        )
    report.refresh_from_db()
    assert report.decision == Decision.PENDING


def test_official_date_rules(tree, qb_congress, ready):
    with pytest.raises(DomainError, match="không được sau ngày hôm nay"):
        services.superior_report_submit(
            actor=tree.qb_secretary,
            congress=qb_congress,
            official_date=D(2020, 6, 2),
            today=D(2020, 6, 1),
        )
    with pytest.raises(DomainError, match="cần nêu lý do"):
        services.superior_report_submit(
            actor=tree.qb_officer,
            congress=qb_congress,
            official_date=D(2020, 5, 2),
            today=D(2020, 6, 1),
        )
    with pytest.raises(PermissionDenied):  # the secretary is not the office
        services.superior_report_submit(
            actor=tree.qb_secretary,
            congress=qb_congress,
            official_date=D(2020, 5, 2),
            reason="Văn bản giấy",
            today=D(2020, 6, 1),
        )
    assert not qb_congress.superior_reports.exists()


def test_pilots_first_gating(tree):
    t = term()
    services.lessons_meeting_record(
        actor=tree.qb_secretary, organization=tree.qb, term=t, held_on=None
    )
    pilot = CongressFactory(organization=tree.ankt, opening_date=D(2020, 4, 14), is_pilot=True)
    other = CongressFactory(
        organization=tree.ptm_cell.__class__.objects.get(code="QB-PTM"), opening_date=D(2020, 5, 20)
    )
    assert (
        evaluate_congress(pilot, today=D(2020, 4, 1)).evaluation["PILOTS"].status
        == "not_applicable"
    )
    e = evaluate_congress(other, today=D(2020, 4, 1)).evaluation
    assert e["PILOTS"].status == "pending"
    assert "rút kinh nghiệm" in " ".join(e.reasons)
    from apps.congresses.models import LessonsMeeting

    LessonsMeeting.objects.filter(organization=tree.qb).update(held_on=D(2020, 4, 20))
    assert evaluate_congress(other, today=D(2020, 4, 21)).evaluation["PILOTS"].status == "done"


def test_opened_congress_is_frozen(tree, qb_congress):
    circulate_required(qb_congress, D(2020, 5, 25))
    approved_plan(qb_congress)
    _report_and_approve(tree, qb_congress)
    services.congress_open(actor=tree.qb_secretary, congress=qb_congress, today=OPENING)
    with pytest.raises(DomainError, match="đã khai mạc"):
        services.congress_update(
            actor=tree.qb_secretary, congress=qb_congress, opening_date=D(2020, 7, 1)
        )
    with pytest.raises(DomainError, match="đã khai mạc"):
        services.congress_open(actor=tree.qb_secretary, congress=qb_congress, today=OPENING)


def test_supervision_assignment_needs_a_standing_member_of_the_superior(tree):
    t = term()
    services.supervision_assign(
        actor=tree.qb_secretary, organization=tree.ptm, term=t, supervisor=tree.qb_standing
    )
    with pytest.raises(DomainError, match="Ủy viên Ban Thường vụ cấp trên"):
        services.supervision_assign(
            actor=tree.qb_secretary, organization=tree.ptm, term=t, supervisor=tree.qb_member
        )
    with pytest.raises(PermissionDenied):
        services.supervision_assign(
            actor=tree.ht_secretary, organization=tree.ptm, term=t, supervisor=tree.ht_standing
        )


def test_convened_once_the_superior_agreed_and_the_opening_is_announced(tree, qb_congress, ready):
    """docs/domain.md §5.1: approved → convened when the convening notice is recorded."""
    _report_and_approve(tree, qb_congress)
    qb_congress.refresh_from_db()
    assert qb_congress.status == CongressStatus.APPROVED
    services.congress_update(
        actor=tree.qb_secretary, congress=qb_congress, announced_on=D(2020, 6, 6)
    )
    qb_congress.refresh_from_db()
    assert qb_congress.status == CongressStatus.CONVENED
    circulate_required(qb_congress, D(2020, 5, 25))
    services.congress_open(actor=tree.qb_secretary, congress=qb_congress, today=OPENING)
    qb_congress.refresh_from_db()
    assert qb_congress.status == CongressStatus.IN_SESSION


def test_announced_before_the_agreement_convenes_on_the_agreement(tree, qb_congress, ready):
    report = services.superior_report_submit(
        actor=tree.qb_secretary, congress=qb_congress, today=REPORTED
    )
    services.congress_update(
        actor=tree.qb_secretary, congress=qb_congress, announced_on=D(2020, 6, 2)
    )
    qb_congress.refresh_from_db()
    assert qb_congress.status == CongressStatus.REPORTED  # not yet agreed: not convened
    services.superior_report_decide(
        actor=tree.central_standing, report=report, decision=Decision.APPROVED, today=DECIDED
    )
    qb_congress.refresh_from_db()
    assert qb_congress.status == CongressStatus.CONVENED


def test_announcing_without_the_right_is_refused_and_nothing_changes(tree, qb_congress, ready):
    _report_and_approve(tree, qb_congress)
    with pytest.raises(PermissionDenied):
        services.congress_update(
            actor=tree.qb_standing, congress=qb_congress, announced_on=D(2020, 6, 6)
        )
    qb_congress.refresh_from_db()
    assert qb_congress.status == CongressStatus.APPROVED and qb_congress.announced_on is None
