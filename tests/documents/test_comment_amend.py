"""Amending a comment (issue 18 item 5): the form starts from the current text and section, the
earlier text is kept in the history, and the round page says the comment was amended."""

import datetime as dt
import re

import pytest

from apps.audit.models import AuditEvent
from apps.documents import services
from apps.documents.models import Comment, Disposition
from tests.factories import CongressFactory, term

pytestmark = pytest.mark.django_db


@pytest.fixture
def circulated(tree):
    today = dt.date.today()
    congress = CongressFactory(
        organization=tree.qb, term=term("2025-2030"), opening_date=today + dt.timedelta(days=60)
    )
    doc = services.document_create(
        actor=tree.qb_secretary, congress=congress, kind="political_report"
    )
    rnd = services.round_submit(actor=tree.qb_secretary, document=doc, body="Phần I\nPhần II")
    services.circulate(
        actor=tree.qb_secretary,
        rnd=rnd,
        recipients=[tree.ptm],
        comment_deadline=today + dt.timedelta(days=7),
    )
    return rnd


def _text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_amending_starts_from_the_current_text_and_keeps_the_first(client, tree, circulated):
    rnd = circulated
    url = f"/documents/rounds/{rnd.pk}/comment/"
    client.force_login(tree.ptm_secretary)
    first = {"capacity": "org:QB-PTM", "section": "Phần I", "text": "Đề nghị bổ sung chỉ tiêu."}
    assert client.post(url, {**first, "amends": "0"}).status_code == 302
    comment = Comment.objects.get()
    # the form opens on the current comment: text and section prefilled, and says so
    form = client.get(url).content.decode()
    assert 'id="amending"' in form and "nội dung cũ được lưu trong lịch sử" in form
    assert "Đề nghị bổ sung chỉ tiêu.</textarea>" in form
    assert 'value="Phần I"' in form and f'name="amends" value="{comment.pk}"' in form
    response = client.post(
        url,
        {
            "capacity": "org:QB-PTM",
            "section": "Phần II",
            "text": "Đề nghị bổ sung chỉ tiêu về tội phạm công nghệ cao.",
            "amends": str(comment.pk),
        },
        follow=True,
    )
    page = response.content.decode()
    assert "Đã sửa ý kiến góp ý; nội dung trước được lưu trong lịch sử." in page
    comment.refresh_from_db()
    assert (comment.section, comment.text) == (
        "Phần II",
        "Đề nghị bổ sung chỉ tiêu về tội phạm công nghệ cao.",
    )
    assert Comment.objects.count() == 1  # still the organisation's one comment
    row = page[page.index(f'id="comment-{comment.pk}"') :]
    row = _text(row[: row.index("</tr>")])
    assert "Đã sửa 1 lần" in row and "Lịch sử góp ý" in row
    assert "Phần I Đề nghị bổ sung chỉ tiêu." in row  # the first text, with its section
    assert "(hiện tại)" in row
    assert set(AuditEvent.objects.values_list("verb", flat=True)) >= {
        "comment.submit",
        "comment.amend",
    }


def test_a_post_that_did_not_start_from_the_comment_replaces_nothing(client, tree, circulated):
    rnd = circulated
    url = f"/documents/rounds/{rnd.pk}/comment/"
    client.force_login(tree.ptm_secretary)
    client.post(url, {"capacity": "org:QB-PTM", "text": "Lần đầu", "amends": "0"})
    response = client.post(url, {"capacity": "org:QB-PTM", "text": "Lần hai", "amends": "0"})
    assert response.status_code == 200
    assert "Hãy bấm “Sửa góp ý” để sửa từ nội dung hiện tại" in response.content.decode()
    assert list(Comment.objects.values_list("text", flat=True)) == ["Lần đầu"]
    assert Comment.history.count() == 1  # nothing written


def test_an_amended_comment_is_handled_again(tree, circulated):
    rnd = circulated
    circ = rnd.circulations.get()
    c = services.comment_submit(
        actor=tree.ptm_secretary, circulation=circ, organization=tree.ptm, text="A"
    )
    services.comment_dispose(
        actor=tree.qb_secretary, comment=c, disposition=Disposition.ACCEPTED, note="Đã sửa."
    )
    services.comment_submit(
        actor=tree.ptm_secretary, circulation=circ, organization=tree.ptm, text="B", amends=c.pk
    )
    c.refresh_from_db()
    assert (c.text, c.disposition, c.disposition_note) == ("B", Disposition.PENDING, "")
    assert list(Comment.history.filter(id=c.pk).values_list("text", flat=True)) == [
        "B",
        "A",
        "A",
    ]


def test_only_the_answering_organisation_may_open_its_comment_to_amend(client, tree, circulated):
    rnd = circulated
    circ = rnd.circulations.get()
    c = services.comment_submit(
        actor=tree.ptm_secretary, circulation=circ, organization=tree.ptm, text="A"
    )
    client.force_login(tree.ankt_secretary)  # not a recipient of this round
    assert client.get(f"/documents/rounds/{rnd.pk}/comment/?amend={c.pk}").status_code in (
        403,
        404,
    )
    client.force_login(tree.ptm_standing)  # sees the round? may not answer for the committee
    assert client.get(f"/documents/rounds/{rnd.pk}/comment/?amend={c.pk}").status_code in (
        403,
        404,
    )
    assert Comment.objects.get().text == "A"
