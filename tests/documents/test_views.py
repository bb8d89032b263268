"""Draft pages: forms, downloads, diff, inbox, and who sees what."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from apps.audit.models import AuditEvent
from apps.documents import services
from apps.documents.docx import docx_bytes
from apps.documents.models import DraftRound
from tests.factories import CongressFactory, term

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup(tree):
    today = dt.date.today()
    congress = CongressFactory(
        organization=tree.qb, term=term("2025-2030"), opening_date=today + dt.timedelta(days=60)
    )
    doc = services.document_create(
        actor=tree.qb_secretary, congress=congress, kind="political_report"
    )
    r1 = services.round_submit(
        actor=tree.qb_secretary,
        document=doc,
        file=SimpleUploadedFile("v1.docx", docx_bytes(["Mở đầu", "Nhiệm vụ cũ", "Kết luận"])),
    )
    r2 = services.round_submit(
        actor=tree.qb_secretary, document=doc, body="Mở đầu\nNhiệm vụ mới\nKết luận"
    )
    circ = services.circulate(
        actor=tree.qb_secretary,
        rnd=r2,
        recipients=[tree.ptm],
        comment_deadline=today + dt.timedelta(days=7),
    )
    return congress, doc, r1, r2, circ


def test_secretary_submits_a_round_through_the_form(client, tree, setup):
    congress, doc, *_ = setup
    client.force_login(tree.qb_secretary)
    response = client.post(
        f"/documents/{doc.pk}/",
        {
            "file": SimpleUploadedFile("v3.docx", docx_bytes(["Lần 3"])),
            "change_summary": "Tiếp thu ý kiến",
        },
    )
    rnd = DraftRound.objects.get(document=doc, number=3)
    assert response.status_code == 302 and response["Location"] == f"/documents/rounds/{rnd.pk}/"
    assert rnd.extracted_text == "Lần 3"


def test_fake_pdf_through_the_form_shows_a_vietnamese_error(client, tree, setup):
    congress, doc, *_ = setup
    client.force_login(tree.qb_secretary)
    response = client.post(
        f"/documents/{doc.pk}/", {"file": SimpleUploadedFile("virus.pdf", b"MZ\x90\x00binary")}
    )
    assert response.status_code == 200
    assert (
        "Nội dung tệp “virus.pdf” không phải là PDF; tệp bị từ chối." in response.content.decode()
    )
    assert doc.rounds.count() == 2


def test_empty_round_is_refused(client, tree, setup):
    congress, doc, *_ = setup
    client.force_login(tree.qb_secretary)
    page = client.post(f"/documents/{doc.pk}/", {"body": "  "}).content.decode()
    assert "Cần tải lên tệp dự thảo hoặc soạn nội dung." in page


def test_round_page_diff_and_who_answered(client, tree, setup):
    congress, doc, r1, r2, circ = setup
    client.force_login(tree.qb_secretary)
    page = client.get(f"/documents/rounds/{r2.pk}/", {"diff": r1.pk}).content.decode()
    assert "cũ" in page and "mới" in page and "diff_chg" in page  # HtmlDiff writes &nbsp;
    assert "Chưa góp ý" in page and "Phòng Tham mưu" in page


def test_recipient_comments_and_inbox(client, tree, setup):
    congress, doc, r1, r2, circ = setup
    client.force_login(tree.ptm_secretary)
    inbox = client.get("/documents/inbox/").content.decode()
    assert "dự thảo lần 2" in inbox
    response = client.post(
        f"/documents/rounds/{r2.pk}/comment/",
        {"capacity": "org:QB-PTM", "section": "Phần I", "text": "Đề nghị sửa"},
    )
    assert response.status_code == 302
    assert "Không có dự thảo nào chờ bạn góp ý." in client.get("/documents/inbox/").content.decode()
    # the recipient sees the round circulated to it, but not the earlier round nor the congress
    assert client.get(f"/documents/rounds/{r2.pk}/").status_code == 200
    assert client.get(f"/documents/rounds/{r1.pk}/").status_code == 404
    assert client.get(f"/congresses/{congress.pk}/").status_code == 404


def test_recipient_of_another_branch_sees_nothing(client, tree, setup):
    congress, doc, r1, r2, circ = setup
    for who in ("ht_secretary", "ankt_secretary", "outsider"):
        client.force_login(getattr(tree, who))
        for url in (
            f"/documents/rounds/{r2.pk}/",
            f"/documents/rounds/{r1.pk}/file/",
            f"/documents/{doc.pk}/",
            f"/documents/rounds/{r2.pk}/comment/",
        ):
            response = client.get(url)
            assert response.status_code == 404, (who, url)
            assert "Nhiệm vụ" not in response.content.decode()
        assert "dự thảo lần 2" not in client.get("/documents/inbox/").content.decode()


def test_download_is_logged(client, tree, setup):
    congress, doc, r1, *_ = setup
    client.force_login(tree.qb_standing)
    response = client.get(f"/documents/rounds/{r1.pk}/file/")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith(
        'attachment; filename="political_report-du-thao-lan-1.docx"'
    )
    assert b"".join(response.streaming_content).startswith(b"PK")
    assert AuditEvent.objects.filter(
        verb="round.download", actor=tree.qb_standing, target_id=str(r1.pk)
    ).exists()


def test_standing_member_cannot_submit_or_circulate(client, tree, setup):
    congress, doc, r1, r2, circ = setup
    client.force_login(tree.qb_standing)
    assert client.post(f"/documents/{doc.pk}/", {"body": "x"}).status_code == 403
    assert client.get(f"/documents/rounds/{r2.pk}/circulate/").status_code == 403
    assert client.get(f"/documents/congress/{congress.pk}/add/").status_code == 403


def test_circulate_form_validates_in_vietnamese(client, tree, setup):
    congress, doc, r1, r2, circ = setup
    client.force_login(tree.qb_secretary)
    r3 = services.round_submit(actor=tree.qb_secretary, document=doc, body="Lần 3")
    tomorrow = (dt.date.today() + dt.timedelta(days=1)).strftime("%d/%m/%Y")
    page = client.post(
        f"/documents/rounds/{r3.pk}/circulate/", {"comment_deadline": "", "official_date": tomorrow}
    ).content.decode()
    assert "Trường này là bắt buộc." in page
    page = client.post(
        f"/documents/rounds/{r3.pk}/circulate/",
        {"comment_deadline": tomorrow, "official_date": tomorrow},
    ).content.decode()
    assert "Chọn ít nhất một nơi nhận." in page or "không được sau ngày hôm nay" in page
    assert not r3.circulations.exists()
