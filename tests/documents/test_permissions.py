"""apps/documents/permissions.py: who edits drafts, who wrote them, who answers for a recipient
organisation, which circulations reach a user, and who may read a round."""

import datetime as dt

import pytest
from django.contrib.auth.models import AnonymousUser

from apps.congresses.models import Subcommittee, SubcommitteeKind
from apps.documents.models import Circulation, DraftDocument, DraftRound
from apps.documents.permissions import (
    answering_org_ids,
    circulations_to,
    draft_authors,
    may_edit_documents,
    may_view_round,
)
from apps.organizations.models import Role
from tests.factories import CongressFactory, person

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture
def congress(tree):
    return CongressFactory(organization=tree.qb, opening_date=D(2020, 6, 30))


@pytest.fixture
def writer(tree, congress):
    """A committee member who sits on the congress's documents subcommittee."""
    user = person(tree.qb, Role.COMMITTEE_MEMBER, user__username="tieuban.vk")
    Subcommittee.objects.create(congress=congress, kind=SubcommitteeKind.DOCUMENTS).members.add(
        user
    )
    return user


@pytest.fixture
def rnd(tree, congress):
    doc = DraftDocument.objects.create(congress=congress, kind="political_report")
    return DraftRound.objects.create(
        document=doc, number=1, body="x", submitted_by=tree.qb_secretary
    )


def _circulate(rnd, by, orgs=(), users=()):
    circ = Circulation.objects.create(
        round=rnd, official_date=D(2020, 5, 1), comment_deadline=D(2020, 5, 20), entered_by=by
    )
    circ.recipient_organizations.set(orgs)
    circ.recipient_users.set(users)
    return circ


def test_leaders_and_the_documents_subcommittee_edit_nobody_else(tree, congress, writer):
    assert may_edit_documents(tree.qb_secretary, congress)
    assert may_edit_documents(writer, congress)
    for user in (
        tree.qb_standing,
        tree.qb_committee,
        tree.qb_officer,
        tree.qb_member,
        tree.central_standing,  # the superior sees, does not write
        tree.ptm_secretary,
        tree.ht_secretary,
        tree.outsider,
    ):
        assert not may_edit_documents(user, congress), user.username


def test_a_personnel_subcommittee_member_does_not_edit_documents(tree, congress):
    Subcommittee.objects.create(congress=congress, kind=SubcommitteeKind.PERSONNEL).members.add(
        tree.qb_committee
    )
    assert not may_edit_documents(tree.qb_committee, congress)


def test_the_documents_subcommittee_of_another_congress_gives_no_right(tree, congress):
    other = CongressFactory(organization=tree.ht, opening_date=D(2020, 6, 30))
    Subcommittee.objects.create(congress=other, kind=SubcommitteeKind.DOCUMENTS).members.add(
        tree.qb_committee
    )
    assert not may_edit_documents(tree.qb_committee, congress)


def test_draft_authors_are_the_leaders_on_the_day_and_the_subcommittee(tree, congress, writer):
    deputy = person(tree.qb, Role.DEPUTY_SECRETARY)
    assert draft_authors(congress, on=D(2020, 5, 1)) == {tree.qb_secretary.pk, deputy.pk, writer.pk}
    # before the term's memberships started, only the subcommittee is known
    assert draft_authors(congress, on=D(2018, 1, 1)) == {writer.pk}


def test_draft_authors_with_an_empty_subcommittee(tree, congress):
    Subcommittee.objects.create(congress=congress, kind=SubcommitteeKind.DOCUMENTS)
    assert draft_authors(congress, on=D(2020, 5, 1)) == {tree.qb_secretary.pk}


def test_answering_organisations_are_where_the_user_leads_or_keeps_the_office(tree):
    assert answering_org_ids(tree.ptm_secretary) == [tree.ptm.pk]
    assert answering_org_ids(tree.qb_officer) == [tree.qb.pk]
    assert answering_org_ids(tree.qb_standing) == []
    assert answering_org_ids(tree.qb_member) == []
    assert answering_org_ids(AnonymousUser()) == []


def test_circulations_reach_a_user_personally_or_through_the_organisation(tree, rnd):
    to_ptm = _circulate(rnd, tree.qb_secretary, orgs=[tree.ptm])
    to_both = _circulate(rnd, tree.qb_secretary, orgs=[tree.ptm], users=[tree.ptm_secretary])
    to_member = _circulate(rnd, tree.qb_secretary, users=[tree.qb_member])
    assert set(circulations_to(tree.ptm_secretary)) == {to_ptm, to_both}
    assert circulations_to(tree.ptm_secretary).count() == 2  # no row twice
    assert list(circulations_to(tree.qb_member)) == [to_member]
    assert list(circulations_to(tree.ptm_standing)) == []
    assert list(circulations_to(AnonymousUser())) == []


def test_a_round_is_seen_by_viewers_of_the_organisation_and_its_recipients(tree, rnd):
    assert may_view_round(tree.qb_member, rnd)  # any member of QB views its organisation
    assert may_view_round(tree.central_standing, rnd)  # the superior, through its subtree right
    assert not may_view_round(tree.ptm_secretary, rnd)  # a subordinate, until it is sent there
    assert not may_view_round(tree.ht_secretary, rnd)
    assert not may_view_round(AnonymousUser(), rnd)
    _circulate(rnd, tree.qb_secretary, orgs=[tree.ptm])
    assert may_view_round(tree.ptm_secretary, rnd)
    assert not may_view_round(tree.ptm_standing, rnd)  # does not answer for PTM


def test_a_circulation_of_another_round_opens_nothing(tree, congress, rnd):
    other_doc = DraftDocument.objects.create(congress=congress, kind="resolution")
    other = DraftRound.objects.create(
        document=other_doc, number=1, body="y", submitted_by=tree.qb_secretary
    )
    _circulate(other, tree.qb_secretary, orgs=[tree.ptm])
    assert may_view_round(tree.ptm_secretary, other)
    assert not may_view_round(tree.ptm_secretary, rnd)
