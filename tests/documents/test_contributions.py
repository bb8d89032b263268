"""apps/documents/contributions.py: the drafts' part of the congress page and of the sweep."""

import datetime as dt

import pytest
from django.test import RequestFactory

from apps.documents import services
from apps.documents.contributions import congress_page, reminders
from tests.factories import CongressFactory

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture
def congress(tree):
    return CongressFactory(organization=tree.qb, opening_date=D(2020, 6, 30))


def _page(user, congress):
    request = RequestFactory().get("/")
    request.user = user
    return congress_page(request, congress)


def test_the_page_part_lists_the_documents_and_who_may_edit_them(tree, congress):
    doc = services.document_create(actor=tree.qb_secretary, congress=congress, kind="resolution")
    services.round_submit(actor=tree.qb_secretary, document=doc, body="Dự thảo")
    part = _page(tree.qb_secretary, congress)
    assert set(part) == {"documents", "can_edit_documents"}
    assert [d.kind for d in part["documents"]] == ["resolution"]
    assert part["documents"][0].latest_round == 1
    assert part["can_edit_documents"] is True
    assert _page(tree.qb_member, congress)["can_edit_documents"] is False


def test_the_page_part_of_a_congress_without_drafts(tree, congress):
    assert _page(tree.central_standing, congress) == {"documents": [], "can_edit_documents": False}


def test_the_sweep_part_reminds_the_silent_recipients(tree, congress):
    doc = services.document_create(actor=tree.qb_secretary, congress=congress, kind="resolution")
    rnd = services.round_submit(actor=tree.qb_secretary, document=doc, body="Dự thảo")
    services.circulate(
        actor=tree.qb_secretary,
        rnd=rnd,
        recipients=[tree.ptm, tree.ankt],
        comment_deadline=D(2020, 5, 20),
        today=D(2020, 5, 10),
    )
    services.comment_submit(
        actor=tree.ptm_secretary,
        circulation=rnd.circulations.get(),
        organization=tree.ptm,
        text="x",
        today=D(2020, 5, 11),
    )
    assert reminders(D(2020, 5, 12)) == []  # 8 days before the deadline: not yet
    due = reminders(D(2020, 5, 17))  # 3 days before
    assert [m.recipient_id for m in due] == [tree.ankt_secretary.pk]
    assert due[0].todo == services.comment_todo(rnd.pk, organization_id=tree.ankt.pk)
    assert reminders(D(2020, 5, 21)) == []  # past the deadline
