"""The home page's task kinds the new-user walk found missing or wrong: no "circulate" task for
a cell with no organisation under it."""

import datetime as dt

import pytest

from apps.core.dates import local_today
from apps.documents.models import DraftDocument, DraftRound
from apps.worklist.selectors import worklist_for
from tests.factories import CongressFactory, term

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
