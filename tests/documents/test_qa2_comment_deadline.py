"""Past its comment deadline a round page offers neither "Góp ý" nor "Sửa góp ý": comment_give
refuses both then ("Đã hết hạn góp ý"), so the buttons could only lead to a refusal. Before the
deadline both are there; the comments already given stay listed either way."""

import datetime as dt

import pytest

from apps.documents import services
from apps.documents.models import Circulation, Comment
from tests.factories import CongressFactory, term

pytestmark = pytest.mark.django_db
TODAY = dt.date.today()


@pytest.fixture
def commented(tree):
    congress = CongressFactory(
        organization=tree.qb, term=term("2025-2030"), opening_date=TODAY + dt.timedelta(days=60)
    )
    doc = services.document_create(
        actor=tree.qb_secretary, congress=congress, kind="political_report"
    )
    rnd = services.round_submit(actor=tree.qb_secretary, document=doc, body="Phần I\nPhần II")
    services.circulate(
        actor=tree.qb_secretary,
        rnd=rnd,
        recipients=[tree.ptm],
        comment_deadline=TODAY + dt.timedelta(days=7),
    )
    services.comment_give(
        actor=tree.ptm_secretary,
        rnd=rnd,
        organization=tree.ptm,
        text="Đề nghị bổ sung chỉ tiêu.",
    )
    return rnd


def _round_page(client, tree, rnd) -> str:
    client.force_login(tree.ptm_secretary)
    response = client.get(f"/documents/rounds/{rnd.pk}/")
    assert response.status_code == 200
    return response.content.decode()


def test_before_the_deadline_the_page_offers_comment_and_amend(client, tree, commented):
    body = _round_page(client, tree, commented)
    assert f'href="/documents/rounds/{commented.pk}/comment/"' in body
    assert "Sửa góp ý" in body


def test_after_the_deadline_neither_is_offered(client, tree, commented):
    Circulation.objects.filter(round=commented).update(
        comment_deadline=TODAY - dt.timedelta(days=1)
    )
    body = _round_page(client, tree, commented)
    assert f'href="/documents/rounds/{commented.pk}/comment/"' not in body
    assert "Sửa góp ý" not in body
    assert "Đề nghị bổ sung chỉ tiêu." in body  # the comment given is still shown
    assert Comment.objects.count() == 1
