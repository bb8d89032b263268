"""apps/documents/models.py: stored file names, the text a round compares, the names shown, and
the constraints that keep one document per kind, one round per number, one comment per author."""

import datetime as dt
import re

import pytest
from django.db import IntegrityError, transaction

from apps.documents.models import (
    Circulation,
    Comment,
    DraftDocument,
    DraftRound,
    comment_upload_to,
    round_upload_to,
)
from tests.factories import CongressFactory

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture
def doc(tree):
    congress = CongressFactory(organization=tree.qb, opening_date=D(2020, 6, 30))
    return DraftDocument.objects.create(congress=congress, kind="political_report")


@pytest.fixture
def rnd(tree, doc):
    return DraftRound.objects.create(
        document=doc, number=2, body="x", submitted_by=tree.qb_secretary
    )


@pytest.fixture
def circ(tree, rnd):
    return Circulation.objects.create(
        round=rnd,
        official_date=D(2020, 5, 3),
        comment_deadline=D(2020, 5, 20),
        entered_by=tree.qb_secretary,
    )


def test_a_rounds_stored_name_is_ours_never_the_users(doc, rnd):
    name = round_upload_to(rnd, "../../Báo cáo chính trị.DOCX")
    assert re.fullmatch(
        rf"drafts/{doc.congress_id}/political_report/round-2-[0-9a-f]{{32}}\.docx", name
    )
    assert round_upload_to(rnd, "virus.exe").endswith(tuple("0123456789abcdef"))  # no extension
    assert round_upload_to(rnd, "a.pdf") != round_upload_to(rnd, "a.pdf")


def test_a_comments_stored_name_is_ours_too(rnd):
    comment = Comment(round=rnd)
    assert re.fullmatch(
        rf"comments/{rnd.pk}/[0-9a-f]{{32}}\.odt", comment_upload_to(comment, "y.odt")
    )
    assert re.fullmatch(rf"comments/{rnd.pk}/[0-9a-f]{{32}}", comment_upload_to(comment, "y.sh"))


def test_a_round_compares_its_body_else_its_extracted_text(rnd):
    rnd.body, rnd.extracted_text = "Soạn trên web", "Từ tệp"
    assert rnd.text == "Soạn trên web"
    rnd.body = ""
    assert rnd.text == "Từ tệp"
    rnd.extracted_text = ""
    assert rnd.text == ""


def test_names_shown_for_documents_rounds_circulations_and_comments(tree, doc, rnd, circ):
    assert str(doc) == "Báo cáo chính trị"
    doc.title = "Dự thảo Báo cáo chính trị Đại hội XIII"
    assert str(doc) == "Dự thảo Báo cáo chính trị Đại hội XIII"
    doc.title = ""
    assert str(rnd) == "Báo cáo chính trị — dự thảo lần 2"
    assert str(circ) == "Lấy ý kiến Báo cáo chính trị — dự thảo lần 2 ngày 03/05/2020"
    by_org = Comment(round=rnd, circulation=circ, organization=tree.ptm, author=tree.ptm_secretary)
    assert str(by_org) == "Góp ý của Đảng bộ Phòng Tham mưu"
    personal = Comment(round=rnd, circulation=circ, author=tree.qb_member)
    assert str(personal) == f"Góp ý của {tree.qb_member}"


def test_one_document_per_kind_and_one_round_per_number(tree, doc, rnd):
    with pytest.raises(IntegrityError), transaction.atomic():
        DraftDocument.objects.create(congress=doc.congress, kind="political_report")
    with pytest.raises(IntegrityError), transaction.atomic():
        DraftRound.objects.create(document=doc, number=2, body="y", submitted_by=tree.qb_secretary)
    assert DraftDocument.objects.count() == 1 and DraftRound.objects.count() == 1


def test_rounds_list_newest_first(tree, doc, rnd):
    DraftRound.objects.create(document=doc, number=1, body="a", submitted_by=tree.qb_secretary)
    DraftRound.objects.create(document=doc, number=3, body="c", submitted_by=tree.qb_secretary)
    assert [r.number for r in doc.rounds.all()] == [3, 2, 1]


def test_one_consolidated_comment_per_organisation_one_personal_per_section(tree, rnd, circ):
    common = {"round": rnd, "circulation": circ}
    Comment.objects.create(**common, organization=tree.ptm, author=tree.ptm_secretary, text="a")
    with pytest.raises(IntegrityError), transaction.atomic():
        Comment.objects.create(**common, organization=tree.ptm, author=tree.ptm_standing, text="b")
    Comment.objects.create(**common, author=tree.qb_member, section="Phần I", text="c")
    Comment.objects.create(**common, author=tree.qb_member, section="Phần II", text="d")
    with pytest.raises(IntegrityError), transaction.atomic():
        Comment.objects.create(**common, author=tree.qb_member, section="Phần I", text="e")
    # the secretary's personal comment is not the organisation's
    Comment.objects.create(**common, author=tree.ptm_secretary, text="f")
    assert sorted(Comment.objects.values_list("text", flat=True)) == ["a", "c", "d", "f"]
    assert Comment.objects.get(text="a").disposition == "pending"


def test_circulation_history_records_each_change_but_not_the_stored_flag(tree, circ):
    circ.comment_deadline = D(2020, 5, 25)
    circ.save()
    assert [h.comment_deadline for h in circ.history.order_by("history_id")] == [
        D(2020, 5, 20),
        D(2020, 5, 25),
    ]
    assert not hasattr(circ.history.first(), "to_subordinates")
