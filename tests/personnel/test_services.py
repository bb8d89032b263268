"""Personnel workflow: plan approval, the report it feeds (R20, RA), results and ratification."""

import datetime as dt

import pytest

from apps.audit.models import AuditEvent
from apps.congresses import services as congress_services
from apps.congresses.facts import evaluate_congress
from apps.congresses.models import CongressStatus, Decision
from apps.core.errors import DomainError, PermissionDenied
from apps.organizations.models import Membership, Role
from apps.personnel import services
from apps.personnel.models import NonReelection, PlanStatus, PlanStep, Post
from tests.factories import CongressFactory, circulate_required, person

pytestmark = pytest.mark.django_db
D = dt.date
OPENING = D(2020, 6, 30)


def rows(n):
    return [
        {
            "full_name": f"Ứng viên {i}",
            "birth_date": D(1975 + i, 1, 1),
            "sex": "female" if i % 2 else "male",
            "ethnicity": "Kinh",
            "current_post": "Trưởng phòng",
            "is_incumbent": i < 3,
            "proposed_posts": ["committee"],
        }
        for i in range(n)
    ]


@pytest.fixture
def congress(tree):
    return CongressFactory(organization=tree.qb, opening_date=OPENING)


def approve(tree, congress, seats=3, n=4):
    plan = services.plan_save(
        actor=tree.qb_secretary, congress=congress, seats=seats, candidates=rows(n)
    )
    services.plan_transition(plan=plan, to=PlanStatus.SUBMITTED, by=tree.qb_secretary)
    return services.plan_transition(
        plan=plan,
        to=PlanStatus.APPROVED,
        by=tree.qb_standing,
        meeting_date=D(2020, 5, 1),
        votes_for=7,
        votes_total=9,
    )


def test_plan_approval_steps_are_recorded(tree, congress):
    plan = approve(tree, congress)
    assert plan.status == PlanStatus.APPROVED and plan.approved_meeting_date == D(2020, 5, 1)
    steps = list(
        PlanStep.objects.filter(plan=plan).values_list("from_status", "to_status", "by__username")
    )
    assert steps == [("draft", "submitted", "bithu.qb"), ("submitted", "approved", "btv.qb")]
    assert AuditEvent.objects.filter(verb="plan.approved", actor=tree.qb_standing).exists()


def test_surplus_refused_on_submission_with_a_clear_message(tree, congress):
    plan = services.plan_save(
        actor=tree.qb_secretary, congress=congress, seats=15, candidates=rows(20)
    )
    with pytest.raises(DomainError) as refused:
        services.plan_transition(plan=plan, to=PlanStatus.SUBMITTED, by=tree.qb_secretary)
    assert "vượt mức tối đa 30%" in refused.value.reasons[0]
    plan.refresh_from_db()
    assert plan.status == PlanStatus.DRAFT
    plan = services.plan_save(
        actor=tree.qb_secretary, congress=congress, seats=15, candidates=rows(19)
    )
    assert (
        services.plan_transition(plan=plan, to=PlanStatus.SUBMITTED, by=tree.qb_secretary).status
        == "submitted"
    )


@pytest.mark.parametrize(
    "who",
    ["ht_standing", "ptm_standing", "qb_member", "qb_committee", "qb_officer", "central_standing"],
)
def test_only_the_own_standing_committee_approves(tree, congress, who):
    plan = services.plan_save(
        actor=tree.qb_secretary, congress=congress, seats=3, candidates=rows(4)
    )
    services.plan_transition(plan=plan, to=PlanStatus.SUBMITTED, by=tree.qb_secretary)
    with pytest.raises(PermissionDenied, match="Chỉ Ban Thường vụ của tổ chức"):
        services.plan_transition(
            plan=plan, to=PlanStatus.APPROVED, by=getattr(tree, who), meeting_date=D(2020, 5, 1)
        )
    plan.refresh_from_db()
    assert plan.status == PlanStatus.SUBMITTED


def test_return_needs_a_note_and_then_resubmission(tree, congress):
    plan = services.plan_save(
        actor=tree.qb_secretary, congress=congress, seats=3, candidates=rows(4)
    )
    services.plan_transition(plan=plan, to=PlanStatus.SUBMITTED, by=tree.qb_secretary)
    with pytest.raises(DomainError, match="ghi rõ ý kiến"):
        services.plan_transition(plan=plan, to=PlanStatus.RETURNED, by=tree.qb_standing)
    services.plan_transition(
        plan=plan, to=PlanStatus.RETURNED, by=tree.qb_standing, note="Thiếu cán bộ nữ"
    )
    with pytest.raises(DomainError, match="Không thể chuyển"):
        services.plan_transition(
            plan=plan, to=PlanStatus.APPROVED, by=tree.qb_standing, meeting_date=D(2020, 5, 1)
        )
    services.plan_save(actor=tree.qb_secretary, congress=congress, seats=3, candidates=rows(4))
    assert (
        services.plan_transition(plan=plan, to=PlanStatus.SUBMITTED, by=tree.qb_secretary).status
        == "submitted"
    )


def test_after_approval_edits_start_a_new_version(tree, congress):
    first = approve(tree, congress)
    second = services.plan_save(
        actor=tree.qb_secretary, congress=congress, seats=3, candidates=rows(4)
    )
    assert second.version == 2 and second.status == PlanStatus.DRAFT
    first.refresh_from_db()
    assert first.status == PlanStatus.APPROVED and first.candidates.count() == 4


def test_plan_not_approved_cannot_be_reported(tree, congress):
    circulate_required(congress, D(2020, 5, 20))
    plan = services.plan_save(
        actor=tree.qb_secretary, congress=congress, seats=3, candidates=rows(4)
    )
    services.plan_transition(plan=plan, to=PlanStatus.SUBMITTED, by=tree.qb_secretary)
    with pytest.raises(DomainError) as refused:
        congress_services.superior_report_submit(
            actor=tree.qb_secretary, congress=congress, today=D(2020, 6, 1)
        )
    assert "Phương án nhân sự chưa được Ban Thường vụ duyệt." in refused.value.reasons
    assert not congress.superior_reports.exists()


def test_report_without_drafts_names_what_is_missing(tree, congress):
    approve(tree, congress)
    with pytest.raises(DomainError) as refused:
        congress_services.superior_report_submit(
            actor=tree.qb_secretary, congress=congress, today=D(2020, 6, 1)
        )
    assert "Chưa có dự thảo Báo cáo chính trị." in refused.value.reasons


@pytest.mark.parametrize(("days_before", "status"), [(21, "done"), (20, "done"), (19, "done_late")])
def test_report_days_before_opening_and_r20(tree, congress, days_before, status):
    circulate_required(congress, D(2020, 5, 20))
    plan = approve(tree, congress)
    day = OPENING - dt.timedelta(days=days_before)
    report = congress_services.superior_report_submit(
        actor=tree.qb_secretary, congress=congress, today=day
    )
    assert report.plan == plan and report.rounds.count() == 4
    assert evaluate_congress(congress, today=day).evaluation["R20"].status == status


def _through_the_congress(tree, congress):
    circulate_required(congress, D(2020, 5, 20))
    approve(tree, congress, seats=3, n=4)
    report = congress_services.superior_report_submit(
        actor=tree.qb_secretary, congress=congress, today=D(2020, 6, 1)
    )
    with pytest.raises(congress_services.RuleViolation):
        congress_services.congress_open(actor=tree.qb_secretary, congress=congress, today=OPENING)
    congress_services.superior_report_decide(
        actor=tree.central_standing, report=report, decision=Decision.APPROVED, today=D(2020, 6, 5)
    )
    congress_services.congress_open(actor=tree.qb_secretary, congress=congress, today=OPENING)


def test_results_first_meeting_and_ratification_update_memberships(tree, congress):
    _through_the_congress(tree, congress)
    plan = services.approved_plan(congress)
    cands = list(plan.candidates.all())
    cands[0].user = tree.qb_secretary  # re-elected
    cands[0].save()
    result, counted = services.results_record(
        actor=tree.qb_secretary,
        congress=congress,
        summoned=150,
        excused=2,
        ballots_issued=148,
        ballots_valid=147,
        votes={cands[0].pk: 140, cands[1].pk: 100, cands[2].pk: 75, cands[3].pk: 74},
    )
    assert result.base == 148 and counted.needed == 75
    assert set(counted.elected) == {cands[0].pk, cands[1].pk, cands[2].pk}
    with pytest.raises(PermissionDenied):  # the superior ratifies only after the first meeting
        services.ratify(
            actor=tree.qb_standing,
            congress=congress,
            decision_number="1-QĐ/ĐU",
            decision_date=D(2020, 7, 2),
            today=D(2020, 7, 3),
        )
    with pytest.raises(DomainError, match="đúng một Bí thư"):
        services.first_meeting_record(
            actor=tree.qb_secretary, congress=congress, meeting_date=D(2020, 7, 1), posts={}
        )
    services.first_meeting_record(
        actor=tree.qb_secretary,
        congress=congress,
        meeting_date=D(2020, 7, 1),
        posts={cands[0].pk: Post.SECRETARY, cands[1].pk: Post.DEPUTY},
    )
    congress.refresh_from_db()
    assert congress.status == CongressStatus.CLOSED
    with pytest.raises(PermissionDenied):  # a sibling's standing member cannot ratify
        services.ratify(
            actor=tree.ht_standing,
            congress=congress,
            decision_number="1",
            decision_date=D(2020, 7, 2),
            today=D(2020, 7, 3),
        )
    services.ratify(
        actor=tree.central_standing,
        congress=congress,
        decision_number="125-QĐ/ĐUCA",
        decision_date=D(2020, 7, 2),
        policy_note="Nghỉ hưu theo chế độ",
        today=D(2020, 7, 3),
    )
    congress.refresh_from_db()
    assert congress.status == CongressStatus.RATIFIED
    on = D(2020, 7, 2)
    active = Membership.objects.active(on).filter(organization=tree.qb)
    assert set(active.filter(role=Role.SECRETARY).values_list("user__username", flat=True)) == {
        "bithu.qb"
    }
    assert active.filter(role=Role.DEPUTY_SECRETARY).get().user.full_name == "Ứng viên 1"
    assert active.filter(role=Role.COMMITTEE_MEMBER).count() == 3
    # the old standing member and committee member were not re-elected
    assert not active.filter(user=tree.qb_standing).exists()
    assert set(NonReelection.objects.values_list("user__username", flat=True)) == {
        "btv.qb",
        "capuy.qb",
    }
    assert congress.follow_ups.count() == 4


def test_results_need_the_congress_in_session(tree, congress):
    approve(tree, congress)
    with pytest.raises(DomainError, match="đang họp"):
        services.results_record(
            actor=tree.qb_secretary,
            congress=congress,
            summoned=10,
            excused=0,
            ballots_issued=10,
            ballots_valid=10,
            votes={},
        )


def test_plan_edit_refused_for_standing_member_and_sibling(tree, congress):
    for who in ("qb_standing", "ht_secretary", "qb_member"):
        with pytest.raises(PermissionDenied):
            services.plan_save(
                actor=getattr(tree, who), congress=congress, seats=3, candidates=rows(4)
            )


def test_personnel_subcommittee_member_may_edit(tree, congress):
    from apps.congresses.models import Subcommittee

    member = person(tree.qb, Role.COMMITTEE_MEMBER)
    Subcommittee.objects.create(congress=congress, kind="personnel").members.add(member)
    assert (
        services.plan_save(actor=member, congress=congress, seats=3, candidates=rows(4)).version
        == 1
    )
