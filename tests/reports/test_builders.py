"""Official texts (issue 18 item 8): no internal codes; the counting board's minutes dated on
the election day and signed by the board; a draft offers no number and is signed for the
executive committee; the personnel submission names the proposed posts; no name broken inside
a fixed phrase in the header. Every check reads the PDF's text through pdftotext."""

import datetime as dt
import re
from types import SimpleNamespace

import pytest

from apps.congresses import services as congress_services
from apps.congresses.models import Congress
from apps.core.errors import DomainError
from apps.documents import services as doc_services
from apps.organizations.models import Organization, Role
from apps.personnel import services as personnel_services
from apps.personnel.models import ElectionResult, Post
from apps.reports import services
from apps.reports.builders import (
    Body,
    ProposedPost,
    _leading_body,
    _place,
    _proposed_posts,
    _signature,
    build,
    frame,
)
from tests.factories import CongressFactory, approved_plan, circulate_required, person, term
from tests.reports.pdf import flat, pdf_text

pytestmark = pytest.mark.django_db
D = dt.date
DAY = D(2020, 5, 13)
CODES = re.compile(r"\b(R30|R20|RA|PILOTS|ANNOUNCE)\b")


@pytest.fixture
def qb(tree):
    Organization.objects.filter(pk=tree.qb.pk).update(place_name="Quảng Bình")
    tree.qb.refresh_from_db()
    congress = CongressFactory(
        organization=tree.qb, ordinal="XVII", opening_date=D(2020, 7, 28), days=2
    )
    circulate_required(congress, DAY)
    plan = approved_plan(congress, seats=3, candidates=4)
    a, b, c, _d = plan.candidates.order_by("position")
    a.proposed_posts = [Post.SECRETARY, Post.STANDING, Post.COMMITTEE]
    b.proposed_posts = [Post.DEPUTY, Post.STANDING, Post.COMMITTEE]
    c.proposed_posts = [Post.STANDING, Post.COMMITTEE]
    for x in (a, b, c):
        x.save(update_fields=["proposed_posts"])
    return congress


def lines(pdf: bytes) -> list[str]:
    return [" ".join(line.replace("\u00a0", " ").split()) for line in pdf_text(pdf).splitlines()]


def test_no_internal_codes_in_any_official_text(tree, qb):
    CongressFactory(organization=tree.ptm, term=term("2025-2030"), opening_date=D(2026, 12, 30))
    for kind, obj, user in (
        ("superior-report", qb, tree.qb_officer),
        ("personnel-plan", qb, tree.qb_secretary),
        ("progress", tree.qb, tree.qb_secretary),
    ):
        text = flat(services.report_preview(user=user, kind=kind, obj=obj, day=DAY)[0])
        assert not CODES.search(text), (kind, CODES.search(text))
    _pdf, built = services.report_preview(user=tree.qb_secretary, kind="progress", obj=tree.qb)
    assert built.context["rule_headings"] == [
        "Gửi dự thảo lấy ý kiến cấp dưới",
        "Báo cáo cấp trên",
        "Cấp trên đồng ý",
    ]


def test_the_draft_offers_no_number_and_is_signed_for_the_executive_committee(client, tree, qb):
    doc = qb.documents.get(kind="political_report")
    rnd = doc_services.round_submit(actor=tree.qb_secretary, document=doc, body="Phần I\nPhần II")
    text = flat(services.report_preview(user=tree.qb_secretary, kind="draft-round", obj=rnd)[0])
    assert "DỰ THẢO LẦN 2" in text and "T/M BAN CHẤP HÀNH" in text and "BÍ THƯ" in text
    assert "T/M BAN THƯỜNG VỤ" not in text
    assert "Số" not in text.split("BÁO CÁO CHÍNH TRỊ")[0]  # no "Số …-BC/ĐU" in the header
    assert "CHƯA CẤP SỐ" not in text
    client.force_login(tree.qb_officer)
    page = client.get(f"/documents/rounds/{rnd.pk}/").content.decode()
    assert f"/reports/draft-round/{rnd.pk}.pdf" in page
    assert f"/reports/draft-round/{rnd.pk}/issue/" not in page
    assert f"/reports/consolidation/{rnd.pk}/issue/" in page  # a report still takes a number


def _open_and_elect(tree, qb, **kw):
    report = congress_services.superior_report_submit(
        actor=tree.qb_secretary, congress=qb, today=D(2020, 7, 1)
    )
    congress_services.superior_report_decide(
        actor=tree.central_standing, report=report, decision="approved", today=D(2020, 7, 2)
    )
    congress_services.congress_open(actor=tree.qb_secretary, congress=qb, today=D(2020, 7, 28))
    cands = list(personnel_services.approved_plan(qb).candidates.all())
    return personnel_services.results_record(
        actor=tree.qb_secretary,
        congress=qb,
        summoned=150,
        excused=2,
        ballots_issued=148,
        ballots_valid=148,
        votes={cands[0].pk: 140, cands[1].pk: 120, cands[2].pk: 75, cands[3].pk: 74},
        **kw,
    )


def test_counting_minutes_dated_on_the_election_day_and_signed_by_the_board(tree, qb):
    _open_and_elect(
        tree,
        qb,
        election_date=D(2020, 7, 29),
        counting_board_head="Nguyễn Thị Hòa",
        counting_board_members="Trần Văn Kiểm\nLê Minh Phiếu",
        today=D(2020, 7, 29),
    )
    # downloaded long after, the minutes keep the election day
    pdf, _ = services.report_preview(
        user=tree.qb_secretary, kind="election-minutes", obj=qb, day=D(2026, 11, 27)
    )
    text = flat(pdf)
    assert "Quảng Bình, ngày 29 tháng 7 năm 2020" in text and "27 tháng 11" not in text
    assert "T/M BAN KIỂM PHIẾU TRƯỞNG BAN" in text and "Nguyễn Thị Hòa" in text.split("Nơi nhận")[1]
    assert "T/M BAN THƯỜNG VỤ" not in text and tree.qb_secretary.full_name not in text
    assert "Nguyễn Thị Hòa (Trưởng ban); Trần Văn Kiểm; Lê Minh Phiếu" in text
    assert "BAN KIỂM PHIẾU" in " ".join(lines(pdf)[:6])
    assert "Số" not in text.split("BIÊN BẢN")[0]  # the board's minutes take no register number
    assert ElectionResult.objects.get().election_date == D(2020, 7, 29)


@pytest.mark.parametrize(
    ("day", "ok"),
    [
        (D(2020, 7, 27), False),
        (D(2020, 7, 28), True),
        (D(2020, 7, 29), True),
        (D(2020, 7, 30), False),
    ],
)
def test_the_election_day_lies_within_the_congress_days(tree, qb, day, ok):
    if ok:
        _open_and_elect(tree, qb, election_date=day, today=D(2020, 7, 30))
        assert ElectionResult.objects.get().election_date == day
    else:
        with pytest.raises(DomainError, match="trong những ngày đại hội họp"):
            _open_and_elect(tree, qb, election_date=day, today=D(2020, 7, 30))
        assert not ElectionResult.objects.exists()
        assert Congress.objects.get(pk=qb.pk).status == "in_session"


def test_the_personnel_submission_names_the_proposed_posts(tree, qb):
    text = flat(services.report_preview(user=tree.qb_secretary, kind="personnel-plan", obj=qb)[0])
    assert "Bí thư: đồng chí Nguyễn Văn A." in text
    assert "Phó Bí thư: đồng chí Nguyễn Văn B." in text
    assert (
        "Ủy viên Ban Thường vụ: đồng chí Nguyễn Văn A; đồng chí Nguyễn Văn B; "
        "đồng chí Nguyễn Văn C." in text
    )
    assert "Dự kiến chức danh" in text
    # The status as a Party text writes it: "Ban Thường vụ" keeps its capitals (was lowered).
    assert "(phiên bản 1, Ban Thường vụ đã duyệt)" in text and "ban thường vụ" not in text


def test_the_frame_of_a_numbered_document_and_of_a_preview(tree):
    Organization.objects.filter(pk=tree.qb.pk).update(place_name="Quảng Bình")
    tree.qb.refresh_from_db()
    issued = frame(
        issuer=tree.qb,
        doc_type="BC",
        doc_title="BÁO CÁO",
        summary="tình hình chuẩn bị đại hội",
        user=tree.qb_officer,
        number=3,
        day=DAY,
        recipients=["Ban Thường vụ Đảng ủy Công an Trung ương"],
    )
    assert issued["symbol"] == f"Số 03-BC/{tree.qb.issuer_code}" and issued["preview"] is False
    assert issued["date_line"] == "Quảng Bình, ngày 13 tháng 5 năm 2020"
    assert issued["title"] == "BÁO CÁO tình hình chuẩn bị đại hội"
    assert issued["signature_lines"] == ["T/M BAN THƯỜNG VỤ", "BÍ THƯ"]
    assert issued["signer_name"] == tree.qb_secretary.display_name
    assert issued["issuing_body"] == f"Ban Thường vụ {tree.qb.committee_name}"
    preview = frame(
        issuer=tree.qb,
        doc_type="BC",
        doc_title="BÁO CÁO",
        summary="",
        user=tree.qb_officer,
        number=None,
        day=DAY,
        recipients=[],
    )
    assert preview["preview"] is True and preview["title"] == "BÁO CÁO"
    unnumbered = frame(
        issuer=tree.qb,
        doc_type="BB",
        doc_title="BIÊN BẢN",
        summary="",
        user=None,
        number=None,
        day=DAY,
        recipients=[],
        numbered=False,
    )
    assert unnumbered["symbol"] == "" and unnumbered["preview"] is False


def test_a_deputy_signs_for_the_secretary_and_a_cell_signs_for_itself(tree):
    deputy = person(tree.qb, Role.DEPUTY_SECRETARY, user__username="pbt.qb")
    lines, signer = _signature(tree.qb, deputy, DAY)
    assert lines == ["T/M BAN THƯỜNG VỤ", "K/T BÍ THƯ", "PHÓ BÍ THƯ"]
    assert signer == deputy.display_name
    lines, _signer = _signature(tree.qb, tree.qb_secretary, DAY, Body.EXECUTIVE)
    assert lines == ["T/M BAN CHẤP HÀNH", "BÍ THƯ"]
    lines, signer = _signature(tree.ankt, tree.ankt_secretary, DAY)
    assert lines == ["T/M CHI BỘ", "BÍ THƯ"] and signer == tree.ankt_secretary.display_name
    assert _leading_body(tree.ankt) == f"Chi ủy {tree.ankt.name}"
    # before anyone held the post: no name rather than a wrong one
    assert _signature(tree.ptm, None, D(2000, 1, 1))[1] == ""


def test_the_place_is_the_nearest_ancestors_else_ha_noi(tree):
    assert _place(tree.ptm_cell) == "Hà Nội"
    Organization.objects.filter(pk=tree.qb.pk).update(place_name="Quảng Bình")
    cell = Organization.objects.get(pk=tree.ptm_cell.pk)
    assert _place(cell) == "Quảng Bình"


def test_proposed_posts_are_listed_in_the_submissions_order():
    cands = [
        SimpleNamespace(full_name="A", proposed_posts=[Post.STANDING, Post.SECRETARY]),
        SimpleNamespace(full_name="B", proposed_posts=[Post.INSPECTION, Post.DEPUTY]),
        SimpleNamespace(full_name="C", proposed_posts=[Post.STANDING]),
        SimpleNamespace(full_name="D", proposed_posts=None),
    ]
    assert _proposed_posts(cands) == [
        ProposedPost("Bí thư", ["A"]),
        ProposedPost("Phó Bí thư", ["B"]),
        ProposedPost("Ủy viên Ban Thường vụ", ["A", "C"]),
        ProposedPost("Ủy viên Ủy ban Kiểm tra", ["B"]),
    ]
    assert _proposed_posts([]) == []


def test_an_unknown_kind_is_refused_before_anything_is_built(tree):
    with pytest.raises(ValueError):
        build("memoirs", tree.qb, user=tree.qb_officer, number=None, day=DAY)
