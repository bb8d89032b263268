"""apps/personnel/models.py: the plan's workflow table, the names and figures the pages show, and
the constraints the database keeps."""

import datetime as dt

import pytest
from django.db import IntegrityError, transaction

from apps.personnel.models import (
    EDITABLE,
    TRANSITIONS,
    Candidate,
    CandidateVote,
    ElectionResult,
    PersonnelPlan,
    PlanStatus,
)
from tests.factories import CongressFactory, approved_plan

D = dt.date


def test_the_workflow_ends_at_approval_and_only_drafts_and_returned_plans_are_edited():
    assert TRANSITIONS[PlanStatus.DRAFT] == {PlanStatus.SUBMITTED}
    assert TRANSITIONS[PlanStatus.SUBMITTED] == {PlanStatus.APPROVED, PlanStatus.RETURNED}
    assert TRANSITIONS[PlanStatus.RETURNED] == {PlanStatus.SUBMITTED}
    assert TRANSITIONS[PlanStatus.APPROVED] == frozenset()
    assert set(TRANSITIONS) == set(PlanStatus.values)
    assert {PlanStatus.DRAFT, PlanStatus.RETURNED} == EDITABLE
    assert PersonnelPlan(status=PlanStatus.RETURNED).is_editable
    assert not PersonnelPlan(status=PlanStatus.SUBMITTED).is_editable


def test_proposed_posts_are_shown_by_their_labels_in_order():
    assert Candidate(proposed_posts=["secretary", "inspection"]).proposed_posts_display == (
        "Bí thư, Ủy viên Ủy ban Kiểm tra"
    )
    assert Candidate(proposed_posts=[]).proposed_posts_display == ""
    assert Candidate(proposed_posts=None).proposed_posts_display == ""
    assert Candidate(proposed_posts=["gone"]).proposed_posts_display == "gone"


def test_the_counting_board_is_head_first_without_blank_lines():
    result = ElectionResult(
        counting_board_head="Trưởng ban", counting_board_members="  Ủy viên 1 \n\n Ủy viên 2\n"
    )
    assert result.counting_board == ["Trưởng ban", "Ủy viên 1", "Ủy viên 2"]
    assert ElectionResult(counting_board_members="A").counting_board == ["A"]
    assert ElectionResult().counting_board == []


def test_the_base_is_summoned_minus_excused():
    assert ElectionResult(summoned=150, excused=2).base == 148


@pytest.mark.django_db
def test_names_shown_and_versions_unique_per_congress(tree):
    congress = CongressFactory(organization=tree.qb)
    plan = approved_plan(congress)
    assert str(plan) == "Phương án nhân sự Đảng bộ Công an tỉnh Quảng Bình (phiên bản 1)"
    with pytest.raises(IntegrityError), transaction.atomic():
        PersonnelPlan.objects.create(
            congress=congress, version=1, seats=3, created_by=tree.qb_secretary
        )
    assert PersonnelPlan.objects.filter(congress=congress).count() == 1


@pytest.mark.django_db
def test_the_database_refuses_more_standing_than_committee_seats(tree):
    congress = CongressFactory(organization=tree.qb)
    with pytest.raises(IntegrityError), transaction.atomic():
        PersonnelPlan.objects.create(
            congress=congress, version=1, seats=3, standing_seats=4, created_by=tree.qb_secretary
        )
    assert not PersonnelPlan.objects.exists()


@pytest.mark.django_db
def test_one_vote_row_per_candidate_listed_highest_first(tree):
    congress = CongressFactory(organization=tree.qb)
    plan = approved_plan(congress, candidates=3)
    result = ElectionResult.objects.create(
        congress=congress,
        plan=plan,
        summoned=10,
        ballots_issued=10,
        ballots_valid=10,
        recorded_by=tree.qb_secretary,
    )
    a, b, c = plan.candidates.all()
    for cand, n in ((a, 3), (b, 9), (c, 6)):
        CandidateVote.objects.create(result=result, candidate=cand, votes=n)
    assert [str(v) for v in result.votes.all()] == [f"{b}: 9", f"{c}: 6", f"{a}: 3"]
    with pytest.raises(IntegrityError), transaction.atomic():
        CandidateVote.objects.create(result=result, candidate=a, votes=1)
