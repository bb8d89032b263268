"""Delegates in a real browser (issue 22): the provincial office records the subordinates'
membership counts, allocates the congress's seats from the congress page, adjusts one share with
a reason, issues the numbered decision; the subordinate's secretary records its election;
the office reads the list with its composition and replaces an absent delegate. Screenshots of
the allocation, election and list pages at 390×844 and 1366×768, none wider than the window."""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import expect

from apps.congresses.models import CongressKind, CongressStatus
from apps.core.dates import local_today
from apps.delegates.models import AllocationShare, Delegate, DelegateStatus
from tests.factories import CongressFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SIZES = {"phone": (390, 844), "laptop": (1366, 768)}


def no_horizontal_scroll(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def shots(page, shot, name):
    for size, (w, h) in SIZES.items():
        page.set_viewport_size({"width": w, "height": h})
        no_horizontal_scroll(page)
        shot(page, f"delegates-{name}-{size}")
    page.set_viewport_size({"width": 1366, "height": 900})


def test_allocate_issue_elect_and_replace(tree, live_server, page, login, shot):
    today = local_today()
    congress = CongressFactory(
        organization=tree.qb,
        ordinal="XVII",
        kind=CongressKind.DELEGATES,
        opening_date=today + dt.timedelta(days=40),
        days=2,
        status=CongressStatus.APPROVED,
    )
    below = CongressFactory(
        organization=tree.ptm,
        term=congress.term,
        ordinal="V",
        kind=CongressKind.ALL_MEMBER,
        opening_date=today,
        status=CongressStatus.IN_SESSION,
    )
    login(page, "vanphong.qb")
    # membership counts of the two subordinates, typed on the counts page
    page.goto(f"{live_server.url}/delegates/org/QB/counts/")
    for code, official in (("QB-PTM", "120"), ("QB-ANKT", "30")):
        page.select_option("#id_organization", code)
        page.fill("#id_official", official)
        page.fill("#id_probationary", "2")
        with page.expect_navigation():
            page.click("form button.btn-danger")
        expect(page.locator(".alert-success")).to_contain_text("Đã lưu số đảng viên")
    expect(page.locator("#counts tbody tr")).to_have_count(2)

    # allocation, from the congress page's link
    page.goto(f"{live_server.url}/congresses/{congress.pk}/")
    page.click("#delegates a:has-text('Phân bổ đại biểu')")
    page.fill("#id_seats", "12")
    with page.expect_navigation():
        page.click("#allocation-form > button.btn-danger")
    # 3 by right (secretary, standing, committee member); 9 shared 120:30 → 7 and 2
    expect(page.locator("#allocation-summary")).to_contain_text("3 đại biểu đương nhiên")
    expect(page.locator("#shares")).to_contain_text("Đảng bộ Phòng Tham mưu")
    ptm_share = AllocationShare.objects.get(organization=tree.ptm)
    assert (ptm_share.seats, ptm_share.alternates) == (7, 1)
    # an adjustment that does not sum is refused on the page
    page.click("#adjust-form >> xpath=ancestor::details/summary")
    page.fill(f"#id_seats_{tree.ptm.pk}", "8")
    page.fill("#id_reason", "Đơn vị trọng điểm")
    with page.expect_navigation():
        page.click("#adjust-form > button.btn-danger")
    expect(page.locator("#adjust-form")).to_contain_text("phải bằng 9")
    page.fill(f"#id_seats_{tree.ptm.pk}", "6")
    page.fill(f"#id_seats_{tree.ankt.pk}", "3")
    page.fill("#id_reason", "Chi bộ An ninh kinh tế có nhiệm vụ trọng tâm")
    with page.expect_navigation():
        page.click("#adjust-form > button.btn-danger")
    expect(page.locator("#shares")).to_contain_text("nhiệm vụ trọng tâm")
    shots(page, shot, "allocation")
    # the numbered decision
    page.click("#issue")
    with page.expect_navigation():
        page.click("#confirm-issue")
    page.goto(f"{live_server.url}/delegates/congress/{congress.pk}/allocation/")
    expect(page.locator("#allocation-summary")).to_contain_text("Đã ban hành quyết định")

    # the subordinate's secretary records its election (6 seats, 1 alternate)
    page.context.clear_cookies()
    login(page, "bithu.ptm")
    page.goto(f"{live_server.url}/congresses/{below.pk}/")
    page.click("#delegates a:has-text('Bầu đại biểu')")
    expect(page.locator("#share")).to_contain_text("6 đại biểu chính thức và 1 đại biểu dự khuyết")
    with page.expect_navigation():
        page.click("#open-election")
    for i in range(8):
        page.fill("#id_c-full_name", f"Nguyễn Văn Ứng Cử {i}")
        page.fill("#id_c-birth_date", f"0{1 + i}/02/198{i}")
        page.select_option("#id_c-sex", "female" if i % 3 == 0 else "male")
        with page.expect_navigation():
            page.click("#candidate-form > button.btn-outline-danger")
    page.fill("#id_r-summoned", "60")
    page.fill("#id_r-ballots_issued", "60")
    page.fill("#id_r-ballots_valid", "60")
    for i, c in enumerate(below.delegate_election.candidates.order_by("position")):
        page.fill(f"#id_r-votes_{c.pk}", str(58 - i))
    shots(page, shot, "election")
    with page.expect_navigation():
        page.click("#result-form > button.btn-danger")
    expect(page.locator("#recorded")).to_be_visible()

    # the office reads the list and replaces an absent delegate
    page.context.clear_cookies()
    login(page, "vanphong.qb")
    page.goto(f"{live_server.url}/delegates/congress/{congress.pk}/")
    expect(page.locator("#official-count")).to_have_text("9/12")
    absent = Delegate.objects.get(source=tree.ptm, vote_rank=1)
    page.click(f"#d{absent.pk} a:has-text('Thay')")
    page.fill("#id_reason", "Ốm")
    with page.expect_navigation():
        page.click("form button.btn-danger")
    absent.refresh_from_db()
    assert absent.status == DelegateStatus.REPLACED
    expect(page.locator("#official-count")).to_have_text("9/12")
    expect(page.locator("#composition")).to_contain_text("Theo giới tính")
    shots(page, shot, "list")
