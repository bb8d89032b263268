"""Which circulation a comment answers: decided once (apps/documents/capacities.py), so the web
form and the API give the same answer for the same person — allowed and refused alike."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from apps.documents import services
from apps.documents.capacities import comment_capacities
from apps.documents.models import Circulation, Comment
from apps.organizations.models import Role
from tests.factories import CongressFactory, person, term

pytestmark = pytest.mark.django_db
TODAY = dt.date.today()


@pytest.fixture
def rnd(tree):
    congress = CongressFactory(
        organization=tree.qb, term=term("2025-2030"), opening_date=TODAY + dt.timedelta(days=60)
    )
    document = services.document_create(
        actor=tree.qb_secretary, congress=congress, kind="political_report"
    )
    the_round = services.round_submit(actor=tree.qb_secretary, document=document, body="Dự thảo")
    services.circulate(
        actor=tree.qb_secretary,
        rnd=the_round,
        recipients="all",  # QB-PTM and the cell QB-ANKT
        include_committee_members=True,  # capuy.qb personally
        comment_deadline=TODAY + dt.timedelta(days=9),
    )
    return the_round


def _api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def _by_api(user, rnd, **extra):
    return _api(user).post(
        f"/api/v1/rounds/{rnd.pk}/comments/", {"text": "Nhất trí", **extra}, format="json"
    )


def _by_web(client, user, rnd, capacity):
    client.force_login(user)
    return client.post(
        f"/documents/rounds/{rnd.pk}/comment/",
        {"capacity": capacity, "text": "Nhất trí", "amends": 0},
    )


def test_a_cells_secretary_comments_through_the_api_without_naming_the_cell(tree, rnd):
    """The round was sent to the cell; its secretary answers for it and for nothing else."""
    response = _by_api(tree.ankt_secretary, rnd)
    assert response.status_code == 201, response.json()
    assert response.json()["organization"] == "QB-ANKT"
    comment = Comment.objects.get()
    assert comment.organization == tree.ankt and comment.author == tree.ankt_secretary
    assert comment.circulation.round == rnd


def test_the_same_through_the_web_form(client, tree, rnd):
    client.force_login(tree.ankt_secretary)
    page = client.get(f"/documents/rounds/{rnd.pk}/comment/").content.decode()
    assert 'value="org:QB-ANKT"' in page and 'value="personal"' not in page
    response = _by_web(client, tree.ankt_secretary, rnd, "org:QB-ANKT")
    assert response.status_code == 302
    comment = Comment.objects.get()
    assert comment.organization == tree.ankt and comment.author == tree.ankt_secretary


def test_named_personally_and_for_an_organisation_the_unnamed_comment_is_personal(
    client, tree, rnd
):
    both = person(tree.qb, Role.COMMITTEE_MEMBER, user=tree.ptm_secretary)
    services.circulate(
        actor=tree.qb_secretary,
        rnd=rnd,
        include_committee_members=True,
        comment_deadline=TODAY + dt.timedelta(days=9),
    )
    keys = [c.key for c in comment_capacities(user=both, rnd=rnd)]
    assert keys == ["org:QB-PTM", "personal"]
    personal = _by_api(both, rnd)
    assert personal.status_code == 201 and personal.json()["organization"] is None
    for_org = _by_api(both, rnd, organization="QB-PTM")
    assert for_org.status_code == 201 and for_org.json()["organization"] == "QB-PTM"
    assert Comment.objects.count() == 2
    Comment.objects.all().delete()
    assert _by_web(client, both, rnd, "personal").status_code == 302
    assert _by_web(client, both, rnd, "org:QB-PTM").status_code == 302
    assert sorted(str(c.organization_id) for c in Comment.objects.all()) == sorted(
        ["None", str(tree.ptm.pk)]
    )


def test_answering_for_two_recipients_must_name_one_in_the_api(tree, rnd):
    two = person(tree.ankt, Role.OFFICE_OFFICER, user=tree.ptm_secretary)
    refused = _by_api(two, rnd)
    assert refused.status_code == 400
    assert refused.json() == {
        "organization": ["Bạn góp ý thay nhiều tổ chức; hãy chọn một: QB-ANKT, QB-PTM."]
    }
    assert not Comment.objects.exists()
    named = _by_api(two, rnd, organization="QB-ANKT")
    assert named.status_code == 201 and named.json()["organization"] == "QB-ANKT"


def test_someone_the_round_was_not_sent_to_is_refused_through_both_doors(client, tree, rnd):
    # qb_member sees QB's drafts but was not asked: refused (403) by both doors, in the same words.
    api = _by_api(tree.qb_member, rnd)
    assert api.status_code == 403
    assert api.json() == {"detail": "Dự thảo này không gửi lấy ý kiến bạn."}
    web = _by_web(client, tree.qb_member, rnd, "personal")
    assert web.status_code == 403
    assert "Dự thảo này không gửi lấy ý kiến bạn." in web.content.decode()
    # ptm_standing does not answer for QB-PTM: the round is not even shown to them.
    assert _by_api(tree.ptm_standing, rnd, organization="QB-PTM").status_code == 404
    assert _by_web(client, tree.ptm_standing, rnd, "org:QB-PTM").status_code == 404
    # The cell's secretary cannot answer for QB-PTM: the API does not know the code for them,
    # and the form does not offer it.
    named = _by_api(tree.ankt_secretary, rnd, organization="QB-PTM")
    assert named.status_code == 400
    assert named.json() == {"organization": ["Không có tổ chức mã này."]}
    web = _by_web(client, tree.ankt_secretary, rnd, "org:QB-PTM")
    assert web.status_code == 200
    assert "org:QB-PTM không phải là một trong các lựa chọn" in web.content.decode()
    assert 'value="org:QB-PTM"' not in web.content.decode()
    assert not Comment.objects.exists()


def test_a_named_organisation_the_person_does_not_answer_for_is_refused_by_the_service(tree, rnd):
    from apps.core.errors import PermissionDenied

    with pytest.raises(PermissionDenied, match="không gửi lấy ý kiến Đảng bộ Phòng Tham mưu"):
        services.comment_give(actor=tree.ankt_secretary, rnd=rnd, text="x", organization=tree.ptm)
    assert not Comment.objects.exists()


def test_the_latest_circulation_to_an_organisation_is_the_one_answered(tree, rnd):
    first = Circulation.objects.get(round=rnd)
    first.official_date = TODAY - dt.timedelta(days=10)
    first.comment_deadline = TODAY - dt.timedelta(days=1)  # closed
    first.save()
    again = services.circulate(
        actor=tree.qb_secretary,
        rnd=rnd,
        recipients=[tree.ankt],
        comment_deadline=TODAY + dt.timedelta(days=5),
    )
    response = _by_api(tree.ankt_secretary, rnd)
    assert response.status_code == 201
    assert Comment.objects.get().circulation == again


def test_reading_the_capacities_costs_the_same_for_one_or_many_circulations(tree, rnd):
    def count():
        with CaptureQueriesContext(connection) as ctx:
            capacities = comment_capacities(user=tree.ptm_secretary, rnd=rnd)
        return len(ctx.captured_queries), [c.key for c in capacities]

    one = count()
    for _ in range(4):
        services.circulate(
            actor=tree.qb_secretary,
            rnd=rnd,
            recipients="all",
            comment_deadline=TODAY + dt.timedelta(days=9),
        )
    assert count() == one == (3, ["org:QB-PTM"])
