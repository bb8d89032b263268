"""The three kinds of users in a real browser (Debian's chromium through Playwright)."""

import datetime as dt

import pytest
from playwright.sync_api import expect

from apps.congresses import services as congress_services
from apps.documents.docx import docx_bytes
from apps.organizations.models import Role
from apps.personnel import services as personnel_services
from apps.personnel.models import PlanStatus
from tests.factories import CongressFactory, circulate_required, person, term
from tests.reports.pdf import flat

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_cell_secretary_schedules_submits_a_docx_and_circulates(
    page, live_server, login, shot, tree, tmp_path
):
    term("2025-2030")  # the terms come from a data migration an earlier browser test flushed
    # The cell's committee besides its secretary (who writes the draft and is not asked).
    person(tree.ankt, Role.COMMITTEE_MEMBER, user__username="chiuy.ankt")
    login(page, "bithu.ankt")
    expect(page.locator("h1")).to_contain_text("Việc cần làm")
    page.goto(f"{live_server.url}/congresses/org/QB-ANKT/")
    page.click("text=Lập lịch đại hội")
    opening = (dt.date.today() + dt.timedelta(days=45)).strftime("%d/%m/%Y")
    page.select_option("#id_term", label="2025–2030")
    page.fill("#id_ordinal", "XIII")
    page.select_option("#id_kind", "all_member")
    page.fill("#id_opening_date", opening)
    page.fill("#id_place", "Phòng họp Phòng An ninh kinh tế")
    page.click("form button.btn-danger")
    expect(page.locator("h1")).to_contain_text("Chi bộ Phòng An ninh kinh tế lần thứ XIII")
    page.click("text=Thêm văn kiện")
    page.select_option("#id_kind", "political_report")
    page.click("form button.btn-danger")
    docx = tmp_path / "bao-cao-chinh-tri.docx"
    docx.write_bytes(docx_bytes(["Báo cáo chính trị", "Dự thảo lần 1 của Chi bộ"]))
    page.set_input_files("#id_file", str(docx))
    page.fill("#id_change_summary", "Dự thảo đầu tiên")
    page.click("button:has-text('Trình dự thảo')")
    expect(page.locator("h1")).to_contain_text("dự thảo lần 1")
    page.click("a:has-text('Gửi lấy ý kiến')")
    page.check("#id_include_committee_members")
    page.fill("#id_comment_deadline", (dt.date.today() + dt.timedelta(days=7)).strftime("%d/%m/%Y"))
    page.click("form button.btn-danger")
    expect(page.locator(".alert-success")).to_contain_text("Đã gửi dự thảo lấy ý kiến")
    page.click(".breadcrumb a >> nth=0")
    expect(page.locator("#rule-R30")).to_contain_text("Không áp dụng")  # a cell has no subordinates
    expect(page.locator("#rule-R20")).to_contain_text("Chưa đến hạn")
    expect(page.locator("#documents")).to_contain_text("Dự thảo lần 1")
    shot(page, "1-cell-secretary-congress")


def test_standing_member_approves_plan_superior_approves_report_congress_can_open(
    page, live_server, login, shot, tree
):
    today = dt.date.today()
    congress = CongressFactory(
        organization=tree.ptm,
        term=term("2025-2030"),
        ordinal="XVI",
        opening_date=today + dt.timedelta(days=40),
    )
    circulate_required(congress, today)
    plan = personnel_services.plan_save(
        actor=tree.ptm_secretary,
        congress=congress,
        seats=3,
        candidates=[
            {"full_name": f"Nguyễn Thị {n}", "birth_date": dt.date(1985, 1, 1), "sex": "female"}
            for n in "ABCD"
        ],
    )
    personnel_services.plan_transition(plan=plan, to=PlanStatus.SUBMITTED, by=tree.ptm_secretary)

    login(page, "btv.ptm")
    page.goto(f"{live_server.url}/personnel/congress/{congress.pk}/plan/")
    page.fill("#approve-form #id_meeting_date", today.strftime("%d/%m/%Y"))
    page.fill("#approve-form #id_votes_for", "5")
    page.fill("#approve-form #id_votes_total", "5")
    page.click("#approve-plan")
    expect(page.locator("#plan-status")).to_have_text("Ban Thường vụ đã duyệt")

    page.context.clear_cookies()
    login(page, "bithu.ptm")
    page.goto(f"{live_server.url}/congresses/{congress.pk}/")
    page.click("button:has-text('Gửi báo cáo')")
    expect(page.locator(".alert-success")).to_contain_text("Đã gửi báo cáo lên cấp ủy cấp trên")

    page.context.clear_cookies()
    login(page, "btv.qb")
    page.goto(f"{live_server.url}/congresses/inbox/")
    expect(page.locator("#inbox")).to_contain_text("Đảng bộ Phòng Tham mưu")
    page.click("#inbox >> text=Cho ý kiến")
    page.check("input[name=decision][value=approved]")
    page.fill("#id_note", "Đồng ý để tổ chức đại hội")
    page.click("form button.btn-danger")
    expect(page.locator("#can-open")).to_have_text("Đủ điều kiện khai mạc")
    expect(page.locator("#rule-RA")).to_contain_text("Đã thực hiện đúng hạn")
    shot(page, "2-superior-approved-can-open")
    assert congress_services.evaluate_congress(congress, today=today).evaluation.can_open


def test_officer_downloads_the_progress_report_pdf(page, live_server, login, shot, tree, tmp_path):
    CongressFactory(
        organization=tree.ptm,
        term=term("2025-2030"),
        opening_date=dt.date.today() + dt.timedelta(days=30),
        is_pilot=True,
    )
    CongressFactory(
        organization=tree.ankt,
        term=term("2025-2030"),
        opening_date=dt.date.today() + dt.timedelta(days=50),
    )
    login(page, "vanphong.qb")
    page.goto(f"{live_server.url}/congresses/org/QB/")
    with page.expect_download() as download_info:
        page.click("text=Báo cáo tiến độ (PDF)")
    target = tmp_path / "progress.pdf"
    download_info.value.save_as(target)
    data = target.read_bytes()
    assert data.startswith(b"%PDF")
    text = flat(data)
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in text and "ĐẢNG ỦY CÔNG AN TỈNH QUẢNG BÌNH" in text
    assert (
        "tiến độ đại hội các tổ chức đảng trực thuộc" in text and "Đảng bộ Phòng Tham mưu" in text
    )
    shot(page, "3-officer-dashboard")


def test_language_switch_and_wrong_password(page, live_server, login, shot, tree):
    login(page, "bithu.qb", password="sai-mat-khau")
    expect(page.locator(".alert-danger")).to_contain_text("mật khẩu")
    shot(page, "4a-wrong-password")
    login(page, "bithu.qb")
    page.click("#language-menu")
    page.click("button[name=language][value=en]")
    expect(page.locator("h1")).to_have_text("To do")
    expect(page.locator("nav")).to_contain_text("Organisation tree")
    shot(page, "4b-english")
