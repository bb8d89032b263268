"""The demo's drafts: Quảng Bình's four required documents in three rounds each (the political
report as uploaded Word files), circulated on 13/05/2020 with comments, one amended and accepted;
the other 2020 congresses' drafts, circulated where they have subordinates (QB-DH's never)."""

import datetime as dt

import pytest

from apps.documents.models import Circulation, Comment, Disposition, DraftDocument, DraftRound

pytestmark = pytest.mark.django_db


def test_quang_binhs_documents_rounds_and_comments(demo):
    docs = DraftDocument.objects.filter(congress__organization__code="QB")
    assert docs.count() == 4
    for doc in docs:
        assert list(doc.rounds.order_by("number").values_list("number", flat=True)) == [1, 2, 3]
        last = doc.rounds.order_by("number").last()
        assert list(last.circulations.values_list("official_date", flat=True)) == [
            dt.date(2020, 5, 13)
        ]
    political = docs.get(kind="political_report")
    assert all(r.file.name.endswith(".docx") for r in political.rounds.all())
    comments = Comment.objects.filter(round__document=political)
    assert comments.count() >= 3
    accepted = comments.get(disposition=Disposition.ACCEPTED)
    assert accepted.section == "Phần II, mục 2" and accepted.disposition_note


def test_the_other_congresses_drafts(demo):
    for code, circulated in [
        ("QB-PTM", dt.date(2020, 3, 2)),
        ("QB-CSKT", dt.date(2020, 3, 5)),
        ("QB-CSHS", dt.date(2020, 4, 10)),
        ("QB-ANKT", None),
        ("QB-HS", None),
        ("QB-DH", None),
    ]:
        rounds = DraftRound.objects.filter(
            document__congress__organization__code=code, document__congress__term__code="2020-2025"
        )
        assert rounds.count() == 4
        dates = set(
            Circulation.objects.filter(round__in=rounds).values_list("official_date", flat=True)
        )
        assert dates == ({circulated} if circulated else set())
