"""The first meeting's rules (congresses.rules.first_meeting_refusals) as the service applies
them: refused with every reason and nothing saved; allowed on the boundaries. And the rule set's
follow-up days and the permission, both ways."""

import datetime as dt

import pytest

from apps.audit.models import AuditEvent
from apps.congresses.models import CongressStatus
from apps.core.errors import DomainError, PermissionDenied
from apps.personnel import services
from apps.personnel.models import ElectionResult, FollowUpTask, PersonnelPlan, Post
from tests.factories import CongressFactory
from tests.personnel.test_services import OPENING, _through_the_congress

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture
def elected(tree):
    """QB's congress in session, 3 of 4 elected; the plan: 3 seats, 2 standing, 1 deputy."""
    congress = CongressFactory(organization=tree.qb, opening_date=OPENING)
    _through_the_congress(tree, congress)
    PersonnelPlan.objects.filter(congress=congress).update(standing_seats=2, deputy_posts=1)
    cands = list(services.approved_plan(congress).candidates.order_by("pk"))
    services.results_record(
        actor=tree.qb_secretary,
        congress=congress,
        summoned=150,
        excused=2,
        ballots_issued=148,
        ballots_valid=147,
        votes={cands[0].pk: 140, cands[1].pk: 100, cands[2].pk: 75, cands[3].pk: 74},
        today=OPENING,
    )
    return congress, cands


JULY_1 = D(2020, 7, 1)


def _record(tree, congress, posts, meeting, today=JULY_1, actor=None):
    return services.first_meeting_record(
        actor=actor or tree.qb_secretary,
        congress=congress,
        meeting_date=meeting,
        posts=posts,
        today=today,
    )


def _nothing_saved(congress):
    result = ElectionResult.objects.get(congress=congress)
    assert result.first_meeting_date is None and result.ratification_requested_on is None
    assert not result.votes.exclude(post=Post.COMMITTEE).exists()
    assert not AuditEvent.objects.filter(verb="election.first_meeting").exists()
    congress.refresh_from_db()
    assert congress.status == CongressStatus.CLOSED  # as the election left it (all seats filled)


def test_a_meeting_before_the_opening_or_in_the_future_is_refused(tree, elected):
    congress, cands = elected
    posts = {cands[0].pk: Post.SECRETARY}
    with pytest.raises(DomainError) as before:
        _record(tree, congress, posts, meeting=OPENING - dt.timedelta(days=1))
    assert before.value.reasons == [
        "Ngày hội nghị lần thứ nhất không được trước ngày khai mạc đại hội (30/06/2020)."
    ]
    with pytest.raises(DomainError, match="không được sau ngày hôm nay"):
        _record(tree, congress, posts, meeting=D(2020, 7, 2), today=D(2020, 7, 1))
    _nothing_saved(congress)
    _record(tree, congress, posts, meeting=OPENING, today=OPENING)  # the opening day itself
    assert ElectionResult.objects.get(congress=congress).first_meeting_date == OPENING


def test_more_posts_than_the_plans_seats_are_refused_with_every_reason(tree, elected):
    congress, cands = elected
    too_many = {
        cands[0].pk: Post.SECRETARY,
        cands[1].pk: Post.DEPUTY,
        cands[2].pk: Post.DEPUTY,
    }
    with pytest.raises(DomainError) as refused:
        _record(tree, congress, too_many, meeting=D(2020, 7, 1))
    assert refused.value.reasons == [
        "Số Phó Bí thư (2) vượt số trong phương án nhân sự (1).",
        "Ban Thường vụ (3 người, kể cả Bí thư, Phó Bí thư) vượt số trong phương án (2).",
    ]
    _nothing_saved(congress)
    _record(tree, congress, {cands[0].pk: Post.SECRETARY, cands[1].pk: Post.DEPUTY}, JULY_1)
    result = ElectionResult.objects.get(congress=congress)
    assert result.first_meeting_date == JULY_1 and result.ratification_requested_on == JULY_1


def test_only_the_organisations_leaders_record_it(tree, elected):
    congress, cands = elected
    with pytest.raises(PermissionDenied):
        _record(tree, congress, {cands[0].pk: Post.SECRETARY}, D(2020, 7, 1), actor=tree.qb_member)
    _nothing_saved(congress)


def test_follow_up_tasks_fall_due_by_the_rule_sets_days(tree, elected):
    congress, cands = elected
    rule_set = congress.term.rule_set
    rule_set.follow_up_days = {"regulations": 45, "assignments": 30, "action_plan": 60}
    rule_set.save()  # "policy" left out: its default, 90
    _record(tree, congress, {cands[0].pk: Post.SECRETARY}, D(2020, 7, 1))
    services.ratify(
        actor=tree.central_standing,
        congress=congress,
        decision_number="125-QĐ/ĐUCA",
        decision_date=D(2020, 7, 2),
        today=D(2020, 7, 3),
    )
    due = dict(FollowUpTask.objects.filter(congress=congress).values_list("kind", "due_date"))
    assert due == {
        "regulations": D(2020, 8, 16),
        "assignments": D(2020, 8, 1),
        "action_plan": D(2020, 8, 31),
        "policy": D(2020, 9, 30),
    }
