"""What a change to a fact makes stale: the subtrees holding it (and, for a lessons meeting, its
children's), the scopes for an organisation or a membership, everything for a term or a rule set;
and the version of the pages that read across the tree moves with any of them."""

import pytest

from apps.congresses.cache import facts_version, names_for
from apps.congresses.models import Congress, LessonsMeeting, RuleSet, SuperiorReport, Term
from apps.core import tree_versions
from apps.core.tree_versions import EVERYTHING, SCOPES, subtree
from apps.organizations.models import Membership, WorkingGroup
from tests.factories import CongressFactory, UserFactory, term

pytestmark = pytest.mark.django_db


def paths(*orgs) -> set[str]:
    return {subtree(o.path) for o in orgs}


def test_a_congress_retires_its_organisation_and_ancestors(tree, django_assert_num_queries):
    congress = CongressFactory(organization=tree.ptm_cell)
    expected = paths(tree.central, tree.qb, tree.ptm, tree.ptm_cell)
    with django_assert_num_queries(0):  # the organisation is at hand
        assert names_for(Congress, congress) == expected
    fresh = Congress.objects.get(pk=congress.pk)  # its organisation not loaded: one query
    with django_assert_num_queries(1):
        assert names_for(Congress, fresh) == expected


def test_a_report_follows_its_congress_and_an_orphan_retires_everything(tree):
    congress = CongressFactory(organization=tree.ankt)
    report = SuperiorReport(congress=congress)
    assert names_for(SuperiorReport, report) == paths(tree.central, tree.qb, tree.ankt)
    assert names_for(SuperiorReport, SuperiorReport(congress_id=0)) == {EVERYTHING}


def test_a_lessons_meeting_retires_its_childrens_subtrees_too(tree):
    meeting = LessonsMeeting(organization=tree.qb)
    assert names_for(LessonsMeeting, meeting) == paths(
        tree.central, tree.qb, tree.ptm, tree.ankt
    )  # not the PTM's cell, a grandchild
    assert names_for(LessonsMeeting, LessonsMeeting(organization_id=0)) == {EVERYTHING}


def test_the_rest(tree):
    assert names_for(Term, term()) == {EVERYTHING}
    assert names_for(RuleSet, term().rule_set) == {EVERYTHING}
    assert names_for(type(tree.ptm), tree.ptm) == {SCOPES} | paths(tree.central, tree.qb, tree.ptm)
    assert names_for(Membership, Membership(organization=tree.qb)) == {SCOPES}
    assert names_for(WorkingGroup, None) == {SCOPES}
    assert names_for(object(), None) == {SCOPES}  # no model: a relation's through table


def test_saving_a_fact_moves_the_versions_it_names_and_nothing_else(tree):
    watched = [subtree(tree.qb.path), subtree(tree.ht.path), EVERYTHING, SCOPES]
    before = tree_versions.current(watched)
    before_facts = facts_version()
    CongressFactory(organization=tree.ankt)  # a save: the signal runs
    after = tree_versions.current(watched)
    assert after[subtree(tree.qb.path)] != before[subtree(tree.qb.path)]
    assert {k: after[k] for k in watched[1:]} == {k: before[k] for k in watched[1:]}
    assert facts_version() != before_facts


def test_the_facts_version_is_stable_until_something_changes(tree):
    first = facts_version()
    assert facts_version() == first and len(first.split(".")) == 3
    UserFactory()  # a user is not a fact
    assert facts_version() == first
    rule_set = term().rule_set
    rule_set.save()
    assert facts_version() != first
