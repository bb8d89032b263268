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
