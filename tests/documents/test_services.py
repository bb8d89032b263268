"""apps/documents/services.py, the documents workflow: rounds, uploads by content, circulation,
comments, dispositions, R30."""

import datetime as dt
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from apps.audit.models import AuditEvent
from apps.congresses.facts import evaluate_congress
from apps.congresses.models import DocumentKind
from apps.core.errors import DomainError, PermissionDenied
from apps.documents import services
from apps.documents.docx import docx_bytes
from apps.documents.models import Comment, Disposition, DraftRound
from apps.organizations.models import Role
from tests.factories import CongressFactory, pdf_bytes, person

pytestmark = pytest.mark.django_db
D = dt.date
REQUIRED = [
    DocumentKind.POLITICAL_REPORT,
    DocumentKind.REVIEW_REPORT,
    DocumentKind.RESOLUTION,
    DocumentKind.ACTION_PROGRAMME,
]


@pytest.fixture
def congress(tree):
    return CongressFactory(organization=tree.qb, opening_date=D(2020, 6, 30))


def docx(name="du-thao.docx", lines=("Báo cáo chính trị", "Phần I")):
    return SimpleUploadedFile(name, docx_bytes(list(lines)))


def test_full_cycle_round_circulate_comments_dispositions_round_two(tree, congress):
    doc = services.document_create(
        actor=tree.qb_secretary, congress=congress, kind="political_report"
    )
    r1 = services.round_submit(
        actor=tree.qb_secretary, document=doc, file=docx(lines=("Mở đầu", "Phần I cũ"))
    )
    assert r1.number == 1 and r1.extracted_text == "Mở đầu\nPhần I cũ"
    # the stored name is ours, never the user's
    assert re.search(r"drafts/\d+/political_report/round-1-[0-9a-f]{32}\.docx$", r1.file.name)
    circ = services.circulate(
        actor=tree.qb_secretary,
        rnd=r1,
        recipients="all",
        comment_deadline=D(2020, 5, 25),
        today=D(2020, 5, 13),
    )
    assert set(circ.recipient_organizations.values_list("code", flat=True)) == {"QB-PTM", "QB-ANKT"}
    assert circ.to_subordinates
    c1 = services.comment_submit(
        actor=tree.ptm_secretary,
        circulation=circ,
        organization=tree.ptm,
        text="Bổ sung chỉ tiêu",
        today=D(2020, 5, 20),
    )
    # amend until the deadline: still one consolidated comment for the organisation
    services.comment_submit(
        actor=tree.ptm_secretary,
        circulation=circ,
        organization=tree.ptm,
        text="Bổ sung chỉ tiêu (sửa)",
        today=D(2020, 5, 25),
    )
    c2 = services.comment_submit(
        actor=tree.ankt_secretary,
        circulation=circ,
        organization=tree.ankt,
        text="Nhất trí",
        today=D(2020, 5, 21),
    )
    assert Comment.objects.filter(round=r1).count() == 2
    assert Comment.objects.get(pk=c1.pk).text == "Bổ sung chỉ tiêu (sửa)"
    services.comment_dispose(actor=tree.qb_secretary, comment=c1, disposition=Disposition.ACCEPTED)
    with pytest.raises(DomainError, match="giải trình"):
        services.comment_dispose(
            actor=tree.qb_secretary, comment=c2, disposition=Disposition.EXPLAINED
        )
    services.comment_dispose(
        actor=tree.qb_secretary, comment=c2, disposition=Disposition.EXPLAINED, note="Giữ nguyên"
    )
    r2 = services.round_submit(
        actor=tree.qb_secretary, document=doc, body="Mở đầu\nPhần I mới", change_summary="Tiếp thu"
    )
    assert r2.number == 2
    with pytest.raises(DomainError, match="mới nhất"):
        services.circulate(
            actor=tree.qb_secretary,
            rnd=r1,
            recipients="all",
            comment_deadline=D(2020, 6, 1),
            today=D(2020, 5, 26),
        )
    verbs = set(AuditEvent.objects.values_list("verb", flat=True))
    assert {
        "round.submit",
        "round.circulate",
        "comment.submit",
        "comment.amend",
        "comment.dispose",
    } <= verbs


def _circulate_all(actor, congress, day):
    for kind in REQUIRED:
        doc = services.document_create(actor=actor, congress=congress, kind=kind)
        rnd = services.round_submit(actor=actor, document=doc, body="Nội dung")
        services.circulate(
            actor=actor,
            rnd=rnd,
            recipients="all",
            comment_deadline=day + dt.timedelta(days=10),
            today=day,
        )


def test_r30_done_when_circulated_on_time(tree, congress):
    from apps.congresses.models import Subcommittee

    writer = person(tree.qb, Role.COMMITTEE_MEMBER)  # a documents subcommittee member may circulate
    Subcommittee.objects.create(congress=congress, kind="documents").members.add(writer)
    _circulate_all(writer, congress, D(2020, 5, 31))
    r30 = evaluate_congress(congress, today=D(2020, 6, 1)).evaluation["R30"]
    assert r30.status == "done" and r30.done_on == D(2020, 5, 31)


def test_r30_done_late_when_circulated_late(tree, congress):
    _circulate_all(tree.qb_secretary, congress, D(2020, 6, 1))
    assert evaluate_congress(congress, today=D(2020, 6, 2)).evaluation["R30"].status == "done_late"


def test_circulation_to_committee_members_only_does_not_count_for_r30(tree, congress):
    for kind in REQUIRED:
        doc = services.document_create(actor=tree.qb_secretary, congress=congress, kind=kind)
        rnd = services.round_submit(actor=tree.qb_secretary, document=doc, body="x")
        services.circulate(
            actor=tree.qb_secretary,
            rnd=rnd,
            include_committee_members=True,
            comment_deadline=D(2020, 5, 20),
            today=D(2020, 5, 10),
        )
    assert evaluate_congress(congress, today=D(2020, 5, 11)).evaluation["R30"].status == "pending"


def test_executable_with_pdf_name_is_refused_and_nothing_stored(tree, congress, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    doc = services.document_create(
        actor=tree.qb_secretary, congress=congress, kind="political_report"
    )
    fake = SimpleUploadedFile("bao-cao.pdf", b"MZ\x90\x00\x03" + b"\x00" * 200)
    with pytest.raises(DomainError, match="không phải là PDF"):
        services.round_submit(actor=tree.qb_secretary, document=doc, file=fake)
    elf = SimpleUploadedFile("bao-cao.docx", b"\x7fELF" + b"\x00" * 100)
    with pytest.raises(DomainError, match="không phải là DOCX"):
        services.round_submit(actor=tree.qb_secretary, document=doc, file=elf)
    assert not DraftRound.objects.exists()
    assert not any(tmp_path.rglob("*.*"))


def test_too_large_file_is_refused(tree, congress, settings):
    settings.UPLOAD_MAX_BYTES = 1000
    doc = services.document_create(
        actor=tree.qb_secretary, congress=congress, kind="political_report"
    )
    big = SimpleUploadedFile("a.pdf", b"%PDF-1.7\n" + b"0" * 2000)
    with pytest.raises(DomainError, match="Tệp quá lớn"):
        services.round_submit(actor=tree.qb_secretary, document=doc, file=big)
    assert not DraftRound.objects.exists()


def test_real_pdf_and_odt_are_accepted(tree, congress):
    import io
    import zipfile

    doc = services.document_create(
        actor=tree.qb_secretary, congress=congress, kind="political_report"
    )
    pdf = services.round_submit(
        actor=tree.qb_secretary, document=doc, file=SimpleUploadedFile("x.pdf", pdf_bytes())
    )
    assert pdf.content_type == "application/pdf"
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        z.writestr(
            "content.xml",
            "<office:document-content "
            'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
            'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:text>'
            "<text:p>Dự thảo ODT</text:p></office:text></office:body></office:document-content>",
        )
    odt = services.round_submit(
        actor=tree.qb_secretary, document=doc, file=SimpleUploadedFile("x.odt", buf.getvalue())
    )
    assert odt.extracted_text == "Dự thảo ODT"


def test_comment_after_the_deadline_is_refused(tree, congress):
    doc = services.document_create(
        actor=tree.qb_secretary, congress=congress, kind="political_report"
    )
    rnd = services.round_submit(actor=tree.qb_secretary, document=doc, body="x")
    circ = services.circulate(
        actor=tree.qb_secretary,
        rnd=rnd,
        recipients="all",
        comment_deadline=D(2020, 5, 20),
        today=D(2020, 5, 10),
    )
    with pytest.raises(DomainError, match="Đã hết hạn góp ý"):
        services.comment_submit(
            actor=tree.ptm_secretary,
            circulation=circ,
            organization=tree.ptm,
            text="Muộn",
            today=D(2020, 5, 21),
        )
    assert not Comment.objects.exists()


@pytest.mark.parametrize("who", ["ht_secretary", "qb_member", "ptm_standing"])
def test_only_recipients_answering_for_their_organization_comment(tree, congress, who):
    doc = services.document_create(
        actor=tree.qb_secretary, congress=congress, kind="political_report"
    )
    rnd = services.round_submit(actor=tree.qb_secretary, document=doc, body="x")
    circ = services.circulate(
        actor=tree.qb_secretary,
        rnd=rnd,
        recipients="all",
        comment_deadline=D(2020, 5, 20),
        today=D(2020, 5, 10),
    )
    with pytest.raises(PermissionDenied):
        services.comment_submit(
            actor=getattr(tree, who),
            circulation=circ,
            organization=tree.ptm,
            text="x",
            today=D(2020, 5, 11),
        )
    with pytest.raises(PermissionDenied):  # not named personally either
        services.comment_submit(
            actor=getattr(tree, who), circulation=circ, text="x", today=D(2020, 5, 11)
        )


@pytest.mark.parametrize(
    "who", ["qb_standing", "qb_member", "qb_officer", "central_standing", "ptm_secretary"]
)
def test_only_leaders_and_documents_subcommittee_submit(tree, congress, who):
    with pytest.raises(PermissionDenied):
        services.document_create(
            actor=getattr(tree, who), congress=congress, kind="political_report"
        )


def test_circulating_outside_the_subordinates_is_refused(tree, congress):
    doc = services.document_create(
        actor=tree.qb_secretary, congress=congress, kind="political_report"
    )
    rnd = services.round_submit(actor=tree.qb_secretary, document=doc, body="x")
    with pytest.raises(DomainError, match="HT-PTM"):
        services.circulate(
            actor=tree.qb_secretary,
            rnd=rnd,
            recipients=[tree.ht_ptm],
            comment_deadline=D(2020, 5, 20),
            today=D(2020, 5, 10),
        )
    with pytest.raises(DomainError, match="không được sau ngày hôm nay"):
        services.circulate(
            actor=tree.qb_secretary,
            rnd=rnd,
            recipients="all",
            comment_deadline=D(2020, 5, 20),
            official_date=D(2020, 5, 11),
            today=D(2020, 5, 10),
        )


def test_a_document_kind_is_created_once_and_only_a_known_one(tree, congress):
    services.document_create(actor=tree.qb_secretary, congress=congress, kind="resolution")
    with pytest.raises(DomainError, match="đã có văn kiện loại này") as refused:
        services.document_create(actor=tree.qb_secretary, congress=congress, kind="resolution")
    assert refused.value.field == "kind"
    with pytest.raises(DomainError, match="Loại văn kiện không hợp lệ"):
        services.document_create(actor=tree.qb_secretary, congress=congress, kind="memoirs")
    assert congress.documents.count() == 1
    congress.refresh_from_db()
    assert congress.status == "preparing"


def test_nothing_is_drafted_once_the_congress_has_opened(tree, congress):
    doc = services.document_create(actor=tree.qb_secretary, congress=congress, kind="resolution")
    type(congress).objects.filter(pk=congress.pk).update(status="in_session")
    congress.refresh_from_db()
    with pytest.raises(DomainError, match="Đại hội đã khai mạc"):
        services.document_create(actor=tree.qb_secretary, congress=congress, kind="plan")
    with pytest.raises(DomainError, match="Đại hội đã khai mạc"):
        services.round_submit(actor=tree.qb_secretary, document=doc, body="x")
    assert not DraftRound.objects.exists()


def test_a_round_needs_a_file_or_text_within_the_limit(tree, congress, settings):
    doc = services.document_create(actor=tree.qb_secretary, congress=congress, kind="resolution")
    with pytest.raises(DomainError, match="Cần tải lên tệp dự thảo hoặc soạn nội dung") as refused:
        services.round_submit(actor=tree.qb_secretary, document=doc, body="  \n ")
    assert refused.value.field == "body"
    settings.EXTRACTED_TEXT_MAX_CHARS = 10
    with pytest.raises(DomainError, match="dài hơn 10 ký tự"):
        services.round_submit(actor=tree.qb_secretary, document=doc, body="x" * 11)
    assert not DraftRound.objects.exists()


def test_the_same_submission_twice_makes_one_round(tree, congress):
    doc = services.document_create(actor=tree.qb_secretary, congress=congress, kind="resolution")
    first = services.round_submit(
        actor=tree.qb_secretary, document=doc, file=docx(), change_summary="Lần đầu"
    )
    again = services.round_submit(
        actor=tree.qb_secretary, document=doc, file=docx(), change_summary="Lần đầu"
    )
    assert again.pk == first.pk and doc.rounds.count() == 1
    other_file = services.round_submit(
        actor=tree.qb_secretary, document=doc, file=docx(lines=("Khác",)), change_summary="Lần đầu"
    )
    assert other_file.number == 2
    text_round = services.round_submit(actor=tree.qb_secretary, document=doc, body=" Nội dung ")
    assert text_round.number == 3 and text_round.body == "Nội dung"
    assert services.round_submit(actor=tree.qb_secretary, document=doc, body="Nội dung").pk == (
        text_round.pk
    )
    assert AuditEvent.objects.filter(verb="round.submit").count() == 3


def test_a_circulation_needs_someone_to_ask_and_a_deadline_after_it(tree, congress):
    doc = services.document_create(actor=tree.qb_secretary, congress=congress, kind="resolution")
    rnd = services.round_submit(actor=tree.qb_secretary, document=doc, body="x")
    common = dict(actor=tree.qb_secretary, rnd=rnd, today=D(2020, 5, 10))
    with pytest.raises(DomainError, match=r"Chọn ít nhất một nơi nhận\.$") as refused:
        services.circulate(comment_deadline=D(2020, 5, 20), **common)
    assert refused.value.field == "recipients"
    # the committee of QB besides its secretary: the standing and committee members remain
    services.circulate(include_committee_members=True, comment_deadline=D(2020, 5, 20), **common)
    with pytest.raises(DomainError, match="Hạn góp ý phải sau ngày gửi"):
        services.circulate(recipients="all", comment_deadline=D(2020, 5, 9), **common)
    assert rnd.circulations.count() == 1


def test_a_group_made_only_of_the_drafts_writers_is_said_to_be_empty(tree):
    congress = CongressFactory(organization=tree.ankt, opening_date=D(2020, 6, 30))
    doc = services.document_create(actor=tree.ankt_secretary, congress=congress, kind="resolution")
    rnd = services.round_submit(actor=tree.ankt_secretary, document=doc, body="x")
    with pytest.raises(DomainError, match="đều là người soạn dự thảo"):
        services.circulate(
            actor=tree.ankt_secretary,
            rnd=rnd,
            include_committee_members=True,
            comment_deadline=D(2020, 5, 20),
            today=D(2020, 5, 10),
        )
    assert not rnd.circulations.exists()


def test_a_circulation_asks_each_recipient_once(tree, congress, django_capture_on_commit_callbacks):
    from apps.notifications.models import Notification

    doc = services.document_create(actor=tree.qb_secretary, congress=congress, kind="resolution")
    rnd = services.round_submit(actor=tree.qb_secretary, document=doc, body="x")
    with django_capture_on_commit_callbacks(execute=True):
        circ = services.circulate(
            actor=tree.qb_secretary,
            rnd=rnd,
            recipients=[tree.ptm],
            include_subordinate_secretaries=True,
            comment_deadline=D(2020, 5, 20),
            today=D(2020, 5, 10),
        )
    asked = Notification.objects.filter(key__startswith=f"circulation:{circ.pk}:invite")
    # PTM's secretary answers for PTM and is not asked again by name; ANKT's by name
    assert sorted(asked.values_list("recipient__username", flat=True)) == [
        "bithu.ankt",
        "bithu.ptm",
    ]
    assert asked.get(recipient=tree.ptm_secretary).todo == services.comment_todo(
        rnd.pk, organization_id=tree.ptm.pk
    )
    assert circ.to_subordinates


def test_an_empty_comment_and_an_unknown_disposition_are_refused(tree, congress):
    doc = services.document_create(actor=tree.qb_secretary, congress=congress, kind="resolution")
    rnd = services.round_submit(actor=tree.qb_secretary, document=doc, body="x")
    circ = services.circulate(
        actor=tree.qb_secretary,
        rnd=rnd,
        recipients="all",
        comment_deadline=D(2020, 5, 20),
        today=D(2020, 5, 10),
    )
    with pytest.raises(DomainError, match="không được để trống"):
        services.comment_submit(
            actor=tree.ptm_secretary,
            circulation=circ,
            organization=tree.ptm,
            text=" ",
            today=D(2020, 5, 11),
        )
    comment = services.comment_submit(
        actor=tree.ptm_secretary,
        circulation=circ,
        organization=tree.ptm,
        text="Ý kiến",
        today=D(2020, 5, 11),
    )
    for bad in ("pending", "maybe"):
        with pytest.raises(DomainError, match="Hình thức xử lý không hợp lệ"):
            services.comment_dispose(actor=tree.qb_secretary, comment=comment, disposition=bad)
    with pytest.raises(PermissionDenied):
        services.comment_dispose(
            actor=tree.ptm_secretary, comment=comment, disposition=Disposition.ACCEPTED
        )
    comment.refresh_from_db()
    assert comment.disposition == Disposition.PENDING and comment.disposed_by is None


def test_amending_a_handled_comment_sends_it_back_to_not_handled(tree, congress):
    doc = services.document_create(actor=tree.qb_secretary, congress=congress, kind="resolution")
    rnd = services.round_submit(actor=tree.qb_secretary, document=doc, body="x")
    circ = services.circulate(
        actor=tree.qb_secretary,
        rnd=rnd,
        recipients=[tree.ptm],
        comment_deadline=D(2020, 5, 20),
        today=D(2020, 5, 10),
    )
    give = dict(
        actor=tree.ptm_secretary, circulation=circ, organization=tree.ptm, today=D(2020, 5, 11)
    )
    comment = services.comment_submit(text="Lần 1", **give)
    services.comment_dispose(
        actor=tree.qb_secretary, comment=comment, disposition=Disposition.NOT_ACCEPTED, note="Không"
    )
    services.comment_submit(text="Lần 2", **give)
    comment.refresh_from_db()
    assert (comment.text, comment.disposition, comment.disposition_note) == (
        "Lần 2",
        Disposition.PENDING,
        "",
    )
    assert comment.disposed_by is None and comment.disposed_at is None
    # a form that did not start from the current comment never silently replaces it
    for started_from in (0, comment.pk + 1000):
        with pytest.raises(DomainError, match="Đã có ý kiến góp ý này"):
            services.comment_submit(text="Lần 3", amends=started_from, **give)
    comment.refresh_from_db()
    assert comment.text == "Lần 2"
    Comment.objects.filter(pk=comment.pk).delete()
    with pytest.raises(DomainError, match="Ý kiến góp ý cần sửa không còn"):
        services.comment_submit(text="Lần 3", amends=comment.pk, **give)
    assert not Comment.objects.exists()
