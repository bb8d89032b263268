"""The fact rows (facts.congresses_by_facts): what each congress's rules read, in one statement,
and the grouping of equal facts (facts.fact_groups). The rules are tested in test_deadlines.py."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from apps.congresses.facts import (
    KINDS,
    FactKey,
    congresses_by_facts,
    evaluate_rows,
    fact_groups,
)
from apps.congresses.models import Congress, DocumentKind, LessonsMeeting, SuperiorReport
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
        cells = [CongressFactory(organization=OrganizationFactory(parent=parent)) for _ in range(n)]
        committee = CongressFactory(organization=parent)
        circulate_required(committee, D(2020, 5, 25))
        with CaptureQueriesContext(connection) as ctx:
            groups = fact_groups(Congress.objects.all(), today=TODAY)
        counts.append(len(ctx.captured_queries))
        # the n cells alike, the committee apart
        assert sorted(len(g.congresses) for g in groups) == [1, n]
        (alone,) = [g for g in groups if len(g.congresses) == 1]
        assert [c.id for c in alone.congresses] == [committee.pk]
        assert {c.id for g in groups for c in g.congresses} == {c.pk for c in cells} | {
            committee.pk
        }
    assert counts[0] == counts[1] <= 2


def test_a_group_beyond_the_reach_is_left_unevaluated():
    near = CongressFactory(opening_date=D(2020, 5, 20))
    far = CongressFactory(opening_date=D(2020, 9, 30))
    groups = fact_groups(
        Congress.objects.all(), today=TODAY, opening_until=lambda params: D(2020, 6, 30)
    )
    by_pk = {c.id: g.evaluation for g in groups for c in g.congresses}
    assert by_pk[near.pk] is not None and by_pk[near.pk].opening_date == near.opening_date
    assert by_pk[far.pk] is None


def test_a_row_names_its_congress_and_facts():
    parent = OrganizationFactory()
    congress = CongressFactory(organization=OrganizationFactory(parent=parent))
    ((key, (ref,)),) = congresses_by_facts(Congress.objects.filter(pk=congress.pk)).items()
    assert ref.id == congress.pk
    assert ref.organization_id == congress.organization_id
    assert ref.org_path == congress.organization.path
    assert key.term_id == congress.term_id
    assert key.opening_date == congress.opening_date
    assert key.report_decision is None and key.pilots_chosen is None
    assert key.facts().circulated_on == {} and key.facts().pilots_chosen is False


def test_every_document_kind_has_its_own_first_circulation_field():
    assert set(KINDS) == set(DocumentKind.values)
    assert {f"first_{kind}" for kind in KINDS} <= set(FactKey._fields)
