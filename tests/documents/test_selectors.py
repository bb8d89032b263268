"""apps/documents/selectors.py: the congress's documents with their rounds' dates, the
recipient's inbox of rounds awaiting a comment, a round's page data and comment versions."""

import datetime as dt

import pytest

from apps.documents import services
from apps.documents.models import Circulation, Comment, Disposition, DraftDocument, DraftRound
from apps.documents.selectors import (
    comment_versions,
    documents_of,
    round_page_data,
    rounds_awaiting_comment,
)
from tests.factories import CongressFactory

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture
def congress(tree):
    return CongressFactory(organization=tree.qb, opening_date=D(2020, 6, 30))


def _round(doc, number, by):
    return DraftRound.objects.create(
        document=doc, number=number, body=f"Lần {number}", submitted_by=by
    )


def _circulate(rnd, on, *, to_subordinates, by, deadline=None, orgs=(), users=()):
    circ = Circulation.objects.create(
        round=rnd,
        official_date=on,
        comment_deadline=deadline or on + dt.timedelta(days=10),
        to_subordinates=to_subordinates,
        entered_by=by,
    )
    circ.recipient_organizations.set(orgs)
    circ.recipient_users.set(users)
    return circ


def test_documents_of_pairs_each_round_with_its_own_dates(tree, congress):
    author = tree.qb_secretary
    report = DraftDocument.objects.create(congress=congress, kind="political_report")
    r1, r2, r3 = (_round(report, n, author) for n in (1, 2, 3))
    _circulate(r1, D(2020, 4, 1), to_subordinates=False, by=author)  # committee only
    _circulate(r1, D(2020, 4, 10), to_subordinates=True, by=author)
    _circulate(r2, D(2020, 5, 2), to_subordinates=True, by=author)
    plan = DraftDocument.objects.create(congress=congress, kind="action_programme")
    other = CongressFactory(organization=tree.ht, opening_date=D(2020, 6, 30))
    DraftDocument.objects.create(congress=other, kind="political_report")

    docs = list(documents_of(congress))

    assert [d.kind for d in docs] == ["action_programme", "political_report"]
    empty, full = docs
    assert empty.latest_round is None and empty.first_circulated is None and empty.round_list == []
    assert full.latest_round == 3
    # R30 counts the first circulation to subordinates, not the committee-only one before it
    assert full.first_circulated == D(2020, 4, 10)
    assert [r.number for r in full.round_list] == [3, 2, 1]
    by_number = {r.number: r for r in full.round_list}
    assert by_number[1].circulated_on == D(2020, 4, 1)
    assert by_number[1].circulated_to_subordinates_on == D(2020, 4, 10)
    assert by_number[2].circulated_on == D(2020, 5, 2)
    assert by_number[3].circulated_on is None  # never paired with an older round's date
    assert plan.pk == empty.pk


def test_documents_of_costs_two_queries(tree, congress, django_assert_num_queries):
    for kind in ("political_report", "resolution", "action_programme"):
        doc = DraftDocument.objects.create(congress=congress, kind=kind)
        for n in (1, 2):
            _round(doc, n, tree.qb_secretary)
    with django_assert_num_queries(2):
        docs = list(documents_of(congress))
        assert sum(len(d.round_list) for d in docs) == 6


def test_awaiting_lists_unanswered_rounds_before_their_deadline_soonest_first(tree, congress):
    secretary = tree.ptm_secretary
    doc = DraftDocument.objects.create(congress=congress, kind="political_report")
    r1, r2, r3 = (_round(doc, n, tree.qb_secretary) for n in (1, 2, 3))
    by = tree.qb_secretary
    late = _circulate(
        r1, D(2020, 5, 1), to_subordinates=True, by=by, deadline=D(2020, 5, 30), orgs=[tree.ptm]
    )
    soon = _circulate(
        r2, D(2020, 5, 1), to_subordinates=True, by=by, deadline=D(2020, 5, 12), users=[secretary]
    )
    _circulate(
        r3, D(2020, 4, 1), to_subordinates=True, by=by, deadline=D(2020, 5, 9), orgs=[tree.ptm]
    )  # passed

    rows = rounds_awaiting_comment(user=secretary, today=D(2020, 5, 10))

    assert [(a.circulation.pk, a.organization) for a in rows] == [
        (soon.pk, None),
        (late.pk, tree.ptm),
    ]
    assert rows[1].round == r1
    # the organisation's comment answers its request; the personal request stays
    Comment.objects.create(
        round=r1, circulation=late, organization=tree.ptm, author=secretary, text="x"
    )
    assert [
        a.circulation.pk for a in rounds_awaiting_comment(user=secretary, today=D(2020, 5, 10))
    ] == [soon.pk]
    # the last day of the deadline still counts
    assert len(rounds_awaiting_comment(user=secretary, today=D(2020, 5, 12))) == 1
    assert rounds_awaiting_comment(user=secretary, today=D(2020, 5, 13)) == []


def test_awaiting_is_empty_for_someone_who_answers_for_nobody(tree, congress):
    doc = DraftDocument.objects.create(congress=congress, kind="political_report")
    rnd = _round(doc, 1, tree.qb_secretary)
    _circulate(rnd, D(2020, 5, 1), to_subordinates=True, by=tree.qb_secretary, orgs=[tree.ptm])
    assert rounds_awaiting_comment(user=tree.qb_member, today=D(2020, 5, 2)) == []
    # the standing member of PTM does not answer for it (only leaders and office do)
    assert rounds_awaiting_comment(user=tree.ptm_standing, today=D(2020, 5, 2)) == []


def test_round_page_data_splits_who_answered_from_who_did_not(tree, congress):
    doc = DraftDocument.objects.create(congress=congress, kind="political_report")
    rnd = _round(doc, 1, tree.qb_secretary)
    circ = _circulate(
        rnd,
        D(2020, 5, 1),
        to_subordinates=True,
        by=tree.qb_secretary,
        orgs=[tree.ptm, tree.ankt],
        users=[tree.qb_committee, tree.qb_member],
    )
    Comment.objects.create(
        round=rnd, circulation=circ, organization=tree.ptm, author=tree.ptm_secretary, text="a"
    )
    Comment.objects.create(round=rnd, circulation=circ, author=tree.qb_member, text="b")
    # a personal comment by PTM's secretary does not answer for ANKT, nor make qb_committee answered
    states, comments = round_page_data(rnd)
    (state,) = states
    assert state.circulation == circ
    assert state.answered_orgs == [tree.ptm] and state.silent_orgs == [tree.ankt]
    assert state.answered_people == [tree.qb_member] and state.silent_people == [tree.qb_committee]
    assert [c.text for c in comments] == ["a", "b"]


def test_round_page_data_of_a_round_never_circulated(tree, congress):
    doc = DraftDocument.objects.create(congress=congress, kind="political_report")
    assert round_page_data(_round(doc, 1, tree.qb_secretary)) == ([], [])


def test_comment_versions_keep_each_text_and_skip_the_handling(tree, congress):
    today = D(2020, 5, 10)
    doc = services.document_create(
        actor=tree.qb_secretary, congress=congress, kind="political_report"
    )
    rnd = services.round_submit(actor=tree.qb_secretary, document=doc, body="Phần I")
    circ = services.circulate(
        actor=tree.qb_secretary,
        rnd=rnd,
        recipients=[tree.ptm],
        comment_deadline=D(2020, 5, 20),
        today=today,
    )
    give = dict(actor=tree.ptm_secretary, circulation=circ, organization=tree.ptm, today=today)
    comment = services.comment_submit(text="Lần đầu", **give)
    services.comment_dispose(
        actor=tree.qb_secretary, comment=comment, disposition=Disposition.ACCEPTED
    )
    services.comment_submit(text="Lần hai", section="Phần I", **give)
    services.comment_submit(text="Lần ba", section="Phần I", **give)

    versions = comment_versions([comment])

    assert [(v.section, v.text) for v in versions[comment.pk]] == [
        ("", "Lần đầu"),
        ("Phần I", "Lần hai"),
        ("Phần I", "Lần ba"),
    ]
    assert {v.author for v in versions[comment.pk]} == {tree.ptm_secretary.full_name}
    assert versions[comment.pk][0].at <= versions[comment.pk][-1].at


def test_comment_versions_of_no_comments_asks_nothing(django_assert_num_queries):
    with django_assert_num_queries(0):
        assert comment_versions([]) == {}


def test_awaiting_list_costs_the_same_queries_for_5_and_500_rounds(tree, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from apps.documents.models import Circulation, DraftDocument

    counts = []
    for n in (5, 500):
        Circulation.objects.all().delete()
        DraftRound.objects.all().delete()
        congress = CongressFactory(organization=tree.qb, opening_date=D(2020, 6, 30))
        doc = DraftDocument.objects.create(congress=congress, kind="plan")
        rounds = DraftRound.objects.bulk_create(
            [
                DraftRound(document=doc, number=i + 1, body="x", submitted_by=tree.qb_secretary)
                for i in range(n)
            ]
        )
        circs = Circulation.objects.bulk_create(
            [
                Circulation(
                    round=r,
                    official_date=D(2020, 5, 1),
                    comment_deadline=D(2020, 5, 30),
                    entered_by=tree.qb_secretary,
                    to_subordinates=True,
                )
                for r in rounds
            ]
        )
        Circulation.recipient_organizations.through.objects.bulk_create(
            [
                Circulation.recipient_organizations.through(circulation=c, organization=tree.ptm)
                for c in circs
            ]
        )
        Circulation.recipient_users.through.objects.bulk_create(
            [
                Circulation.recipient_users.through(circulation=c, user=tree.ptm_secretary)
                for c in circs[: n // 2]
            ]
        )
        user = type(tree.ptm_secretary).objects.get(pk=tree.ptm_secretary.pk)
        with CaptureQueriesContext(connection) as ctx:
            rows = rounds_awaiting_comment(user=user, today=D(2020, 5, 10))
        assert len(rows) == n + n // 2
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1], counts
