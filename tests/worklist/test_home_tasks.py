"""The home page's task kinds the new-user walk found missing or wrong: comments awaiting their
handling, a subordinate's election of delegates once the allocation is issued, and no
"circulate" task for a cell with no organisation under it."""

import datetime as dt

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from apps.congresses.models import Subcommittee, SubcommitteeKind
from apps.core.dates import local_today
from apps.delegates.models import Allocation, AllocationShare, DelegateElection
from apps.documents.models import Circulation, Disposition, DraftDocument, DraftRound
from apps.documents.services import comment_dispose, comment_submit
from apps.organizations.models import OrganizationKind, Role
from apps.worklist.selectors import worklist_for
from tests.factories import (
    CongressFactory,
    MembershipFactory,
    OrganizationFactory,
    UserFactory,
    term,
)

pytestmark = pytest.mark.django_db


def _congress(org, days_ahead=45, term_code="2025-2030"):
    return CongressFactory(
        organization=org,
        term=term(term_code),
        opening_date=local_today() + dt.timedelta(days=days_ahead),
    )


def _tasks(user, kind):
    return [t for t in worklist_for(user=user, today=local_today()).tasks if t.kind == kind]


def _round(congress, author, number=1):
    doc, _created = DraftDocument.objects.get_or_create(congress=congress, kind="political_report")
    return DraftRound.objects.create(document=doc, number=number, body="x", submitted_by=author)


def _circulate(rnd, to_org, by):
    today = local_today()
    circulation = Circulation.objects.create(
        round=rnd,
        official_date=today,
        comment_deadline=today + dt.timedelta(days=10),
        to_subordinates=True,
        entered_by=by,
    )
    circulation.recipient_organizations.add(to_org)
    return circulation


def _issued_allocation(upper, shares, *, issued=True):
    """The upper congress's allocation, giving each (organisation, seats, alternates) a share."""
    today = local_today()
    allocation = Allocation.objects.create(
        congress=upper,
        seats=sum(s for _o, s, _a in shares),
        counts_as_of=today - dt.timedelta(days=30),
        decided_on=today - dt.timedelta(days=5),
        issued_on=today - dt.timedelta(days=4) if issued else None,
        created_by=UserFactory(),
    )
    for org, seats, alternates in shares:
        AllocationShare.objects.create(
            allocation=allocation,
            organization=org,
            official_members=seats * 10,
            computed_seats=seats,
            seats=seats,
            alternates=alternates,
        )
    return allocation


# --- comments awaiting their handling ------------------------------------------------------------


def test_comments_awaiting_handling_are_the_drafters_task_until_handled(tree):
    congress = _congress(tree.qb)
    rnd = _round(congress, tree.qb_secretary)
    to_ptm = _circulate(rnd, tree.ptm, tree.qb_secretary)
    to_ankt = _circulate(rnd, tree.ankt, tree.qb_secretary)
    first = comment_submit(
        actor=tree.ptm_secretary, circulation=to_ptm, organization=tree.ptm, text="Sửa mục 2."
    )
    comment_submit(
        actor=tree.ankt_secretary, circulation=to_ankt, organization=tree.ankt, text="Đồng ý."
    )

    (task,) = _tasks(tree.qb_secretary, "dispose")
    assert task.url == f"/documents/rounds/{rnd.pk}/#comments"
    assert task.note == "2 ý kiến chờ xử lý" and "dự thảo lần 1" in task.what
    assert task.subject == str(congress) and task.deadline is None
    # Those who commented, the standing member and the office do not handle them.
    for other in (tree.ptm_secretary, tree.qb_standing, tree.qb_officer, tree.ht_secretary):
        assert _tasks(other, "dispose") == [], other.username

    comment_dispose(actor=tree.qb_secretary, comment=first, disposition=Disposition.ACCEPTED)
    (task,) = _tasks(tree.qb_secretary, "dispose")
    assert task.note == "1 ý kiến chờ xử lý"
    for comment in rnd.comments.filter(disposition=Disposition.PENDING):
        comment_dispose(actor=tree.qb_secretary, comment=comment, disposition=Disposition.ACCEPTED)
    assert _tasks(tree.qb_secretary, "dispose") == []


def test_the_documents_subcommittee_handles_comments_too(tree):
    congress = _congress(tree.qb)
    writer = UserFactory()
    MembershipFactory(user=writer, organization=tree.qb, role=Role.COMMITTEE_MEMBER)
    Subcommittee.objects.create(congress=congress, kind=SubcommitteeKind.DOCUMENTS).members.add(
        writer
    )
    rnd = _round(congress, tree.qb_secretary)
    circulation = _circulate(rnd, tree.ptm, tree.qb_secretary)
    comment_submit(
        actor=tree.ptm_secretary, circulation=circulation, organization=tree.ptm, text="Góp ý."
    )
    assert [t.url for t in _tasks(writer, "dispose")] == [f"/documents/rounds/{rnd.pk}/#comments"]
    assert _tasks(tree.qb_committee, "dispose") == []  # a committee member outside it


def test_the_home_page_shows_the_comments_to_handle_and_follows_their_handling(client, tree):
    """The inbox said 4 'Cần xử lý' while the home said nothing; the cached home follows the
    handling (Comment renews the worklist version)."""
    congress = _congress(tree.qb)
    rnd = _round(congress, tree.qb_secretary)
    comment = comment_submit(
        actor=tree.ptm_secretary,
        circulation=_circulate(rnd, tree.ptm, tree.qb_secretary),
        organization=tree.ptm,
        text="Góp ý.",
    )
    client.force_login(tree.qb_secretary)
    page = client.get("/").content.decode()
    assert page.count("task-dispose") == 1 and "1 ý kiến chờ xử lý" in page
    assert client.get("/").content.decode().count("task-dispose") == 1  # from the cache
    comment_dispose(actor=tree.qb_secretary, comment=comment, disposition=Disposition.ACCEPTED)
    assert "task-dispose" not in client.get("/").content.decode()


def test_a_finished_congress_leaves_no_comment_task(tree):
    congress = _congress(tree.qb, days_ahead=-30)
    congress.status = "closed"
    congress.save()
    rnd = _round(congress, tree.qb_secretary)
    comment_submit(
        actor=tree.ptm_secretary,
        circulation=_circulate(rnd, tree.ptm, tree.qb_secretary),
        organization=tree.ptm,
        text="Góp ý.",
    )
    assert _tasks(tree.qb_secretary, "dispose") == []


# --- the subordinate's election of delegates -----------------------------------------------------


def test_the_issued_allocation_gives_the_subordinate_its_election_of_delegates(client, tree):
    upper = _congress(tree.qb, days_ahead=90)
    own = _congress(tree.ptm, days_ahead=30)
    _congress(tree.ankt, days_ahead=30)  # no share: nothing to elect
    allocation = _issued_allocation(upper, [(tree.ptm, 5, 1)], issued=False)
    client.force_login(tree.ptm_secretary)
    assert "task-elect_delegates" not in client.get("/").content.decode()  # not issued yet

    allocation.issued_on = local_today()
    allocation.save()  # the cached home follows (Allocation renews the worklist version)
    page = client.get("/").content.decode()
    assert page.count("task-elect_delegates") == 1

    (task,) = _tasks(tree.ptm_secretary, "elect_delegates")
    assert task.url == f"/delegates/congress/{own.pk}/election/"
    assert task.deadline == own.opening_date + dt.timedelta(days=own.days - 1)
    assert task.note == "Được phân bổ 5 đại biểu chính thức, 1 dự khuyết"
    assert task.subject == str(own)
    assert [t.url for t in _tasks(tree.ptm_standing, "elect_delegates")] == [task.url]
    # The superior allocates; the subordinate elects: nobody else is given the task.
    for other in (tree.qb_secretary, tree.qb_standing, tree.ankt_secretary, tree.ht_secretary):
        assert _tasks(other, "elect_delegates") == [], other.username


def test_the_task_stays_while_the_election_is_open_and_leaves_once_recorded(client, tree):
    upper = _congress(tree.qb, days_ahead=90)
    own = _congress(tree.ptm, days_ahead=30)
    allocation = _issued_allocation(upper, [(tree.ptm, 3, 0)])
    election = DelegateElection.objects.create(
        congress=own, share=allocation.shares.get(), official_seats=3
    )
    client.force_login(tree.ptm_secretary)
    assert "task-elect_delegates" in client.get("/").content.decode()
    election.recorded_at = timezone.now()
    election.save()
    assert "task-elect_delegates" not in client.get("/").content.decode()


def test_an_upper_congress_gone_by_or_another_terms_allocation_asks_nothing(tree):
    _issued_allocation(_congress(tree.qb, days_ahead=-1), [(tree.ptm, 2, 0)])  # already opened
    _congress(tree.ptm, days_ahead=-20)
    # Another term's allocation does not ask this term's congress for delegates.
    _issued_allocation(_congress(tree.ht, days_ahead=90, term_code="2020-2025"), [])
    _issued_allocation(
        _congress(tree.qb, days_ahead=90, term_code="2020-2025"), [(tree.ankt, 2, 0)]
    )
    _congress(tree.ankt, days_ahead=30)
    assert _tasks(tree.ptm_secretary, "elect_delegates") == []
    assert _tasks(tree.ankt_secretary, "elect_delegates") == []


# --- a cell with nobody to circulate to -----------------------------------------------------------


def test_a_cell_without_subordinates_is_not_asked_to_circulate(tree):
    cell = _congress(tree.ankt)
    committee = _congress(tree.ptm)  # has a cell under it
    _round(cell, tree.ankt_secretary)
    committee_round = _round(committee, tree.ptm_secretary)
    assert not tree.ankt.has_subordinates and tree.ptm.has_subordinates

    assert _tasks(tree.ankt_secretary, "circulate") == []
    assert _tasks(tree.ankt_secretary, "drafts") == []
    assert [t.url for t in _tasks(tree.ptm_secretary, "circulate")] == [
        f"/documents/rounds/{committee_round.pk}/circulate/"
    ]


# --- the cost stays flat --------------------------------------------------------------------------


def test_the_new_task_kinds_cost_the_same_for_one_organisation_or_twenty(client, tree):
    """One query per kind over all the person's organisations: twenty organisations with
    comments to handle and delegates to elect cost what one does."""
    upper = _congress(tree.qb, days_ahead=120)
    allocation = _issued_allocation(upper, [])
    commenter = UserFactory()

    def make_person(n):
        user = UserFactory()
        for _i in range(n):
            org = OrganizationFactory(parent=tree.qb, kind=OrganizationKind.GRASSROOTS_COMMITTEE)
            OrganizationFactory(parent=org, kind=OrganizationKind.CELL_UNDER_COMMITTEE)
            MembershipFactory(user=user, organization=org, role=Role.SECRETARY)
            congress = _congress(org)
            rnd = _round(congress, user)
            circulation = Circulation.objects.create(
                round=rnd,
                official_date=local_today(),
                comment_deadline=local_today() + dt.timedelta(days=10),
                entered_by=user,
            )
            circulation.recipient_users.add(commenter)
            comment_submit(actor=commenter, circulation=circulation, text="Góp ý.")
            AllocationShare.objects.create(
                allocation=allocation,
                organization=org,
                official_members=20,
                computed_seats=2,
                seats=2,
                alternates=0,
            )
        return user

    def count(user):
        client.force_login(user)
        client.get("/")  # warm the per-process caches (rule sets, translations)
        cache.clear()  # then measured cold: the worklist is computed, not read from the cache
        with CaptureQueriesContext(connection) as queries:
            response = client.get("/")
        assert response.status_code == 200
        return len(queries), response.content.decode()

    one, one_page = count(make_person(1))
    twenty, twenty_page = count(make_person(20))
    assert one == twenty
    assert one_page.count("task-dispose") == 1 and twenty_page.count("task-dispose") == 20
    assert one_page.count("task-elect_delegates") == 1
    assert twenty_page.count("task-elect_delegates") == 20
