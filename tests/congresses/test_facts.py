"""The fact table (facts._fact_table): what each congress's rules read, in one statement, and
the grouping of equal facts. The rules themselves are tested in test_deadlines.py."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from apps.congresses.facts import evaluate_rows, evaluate_shared
from apps.congresses.models import Congress, LessonsMeeting, SuperiorReport
from tests.factories import CongressFactory, OrganizationFactory, UserFactory, circulate_required

pytestmark = pytest.mark.django_db
D = dt.date
TODAY = D(2020, 5, 1)


def facts_of(congress):
    (e,) = evaluate_rows(Congress.objects.filter(pk=congress.pk), today=TODAY)
    return e.facts


def report(congress, official, decision="pending", decided=None):
    return SuperiorReport.objects.create(
        congress=congress,
        official_date=official,
        submitted_by=UserFactory(),
        decision=decision,
        decided_on=decided,
    )


def test_only_circulations_to_subordinates_count_and_the_first_per_kind():
    parent = OrganizationFactory()
    OrganizationFactory(parent=parent)
    congress = CongressFactory(organization=parent)
    circulate_required(congress, D(2020, 5, 20), to_subordinates=False)
    assert facts_of(congress).circulated_on == {}
    circulate_required(congress, D(2020, 5, 25))
    circulate_required(congress, D(2020, 5, 28))
    facts = facts_of(congress)
    assert facts.has_subordinates is True
    assert set(facts.circulated_on.values()) == {D(2020, 5, 25)}
    assert set(facts.circulated_on) == set(congress.term.rule_set.required_document_kinds)


def test_the_latest_report_counts_and_a_returned_one_leaves_r20_open():
    congress = CongressFactory()
    report(congress, D(2020, 6, 1), decision="returned", decided=D(2020, 6, 3))
    facts = facts_of(congress)
    assert (facts.reported_on, facts.decision, facts.decided_on) == (
        None,
        "returned",
        D(2020, 6, 3),
    )
    report(congress, D(2020, 6, 5), decision="approved", decided=D(2020, 6, 8))
    facts = facts_of(congress)
    assert (facts.reported_on, facts.decision, facts.decided_on) == (
        D(2020, 6, 5),
        "approved",
        D(2020, 6, 8),
    )
    assert facts.has_subordinates is False


def test_the_superiors_lessons_meeting_for_the_same_term_means_pilots_were_chosen():
    parent = OrganizationFactory()
    congress = CongressFactory(organization=OrganizationFactory(parent=parent))
    assert facts_of(congress).pilots_chosen is False
    meeting = LessonsMeeting.objects.create(organization=parent, term=congress.term)
    facts = facts_of(congress)
    assert (facts.pilots_chosen, facts.lessons_held_on) == (True, None)
    meeting.held_on = D(2020, 6, 2)
    meeting.save()
    assert facts_of(congress).lessons_held_on == D(2020, 6, 2)


def test_equal_facts_share_one_evaluation_and_the_reads_do_not_grow():
    parent = OrganizationFactory()
    counts = []
    for n in (3, 30):
        Congress.objects.all().delete()
        for _ in range(n):
            CongressFactory(organization=OrganizationFactory(parent=parent))
        circulate_required(CongressFactory(organization=parent), D(2020, 5, 25))
        with CaptureQueriesContext(connection) as ctx:
            shared = evaluate_shared(Congress.objects.all(), today=TODAY)
        counts.append(len(ctx.captured_queries))
        assert len(shared.rows) == n + 1
        assert len(shared.evaluations) == 2  # the n cells alike, the committee apart
    assert counts[0] == counts[1] <= 2


def test_a_group_beyond_the_reach_is_left_unevaluated():
    near = CongressFactory(opening_date=D(2020, 5, 20))
    far = CongressFactory(opening_date=D(2020, 9, 30))
    shared = evaluate_shared(
        Congress.objects.all(), today=TODAY, opening_until=lambda params: D(2020, 6, 30)
    )
    by_pk = {
        row[0]: shared.evaluations[g]
        for row, g in zip(shared.rows, shared.group_of_row, strict=True)
    }
    assert by_pk[near.pk] is not None and by_pk[far.pk] is None
