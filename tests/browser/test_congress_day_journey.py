"""The congress day in a real browser (issue 22, Must show): the office prints the delegate cards
(the PDF's text checked), checks three delegates in by the code typed from the card and one by a
photo of the card's QR code given to the scanner page (read in the browser by the vendored
@zxing/browser), while the attendance page, open in another tab, counts them as they come.
Screenshots of the door and the attendance page at 390×844 and 1366×768."""

from __future__ import annotations

import pytest
import segno
from playwright.sync_api import expect

from apps.attendance.models import Attendance, CheckInMethod
from apps.attendance.tokens import card_token
from apps.congresses.models import CongressKind, CongressStatus
from apps.core.dates import local_today
from tests.attendance.conftest import seat, two_thirds_quorum
from tests.factories import CongressFactory
from tests.reports.pdf import flat

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SIZES = {"phone": (390, 844), "laptop": (1366, 768)}


def no_horizontal_scroll(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_office_prints_cards_checks_in_four_and_watches_the_count(
    tree, live_server, page, login, shot, tmp_path
):
    two_thirds_quorum()
    congress = CongressFactory(
        organization=tree.qb,
        ordinal="XVII",
        kind=CongressKind.DELEGATES,
        opening_date=local_today(),
        days=2,
        place="Đồng Hới",
        status=CongressStatus.IN_SESSION,
    )
    delegates = seat(congress, [tree.ptm, tree.ankt], 6)
    login(page, "vanphong.qb")

    # The attendance page, from the congress page's own link; it polls in this tab.
    page.goto(f"{live_server.url}/congresses/{congress.pk}/")
    page.click("#congress-day a:has-text('Điểm danh đại biểu')")
    expect(page.locator("#count-present")).to_have_text("0")
    expect(page.locator("#count-summoned")).to_have_text("6")
    expect(page.locator("#quorum-status")).to_have_text("Chưa đủ: còn thiếu 4")

    # The office prints the cards.
    href = page.locator("#print-cards").get_attribute("href")
    cards = page.context.request.get(f"{live_server.url}{href}")
    assert cards.ok and cards.headers["content-type"] == "application/pdf"
    text = flat(cards.body())
    assert text.count("THẺ ĐẠI BIỂU") == 6
    for d in delegates:
        assert d.full_name in text and d.code in text

    # The door, in a second tab: three codes typed from the cards.
    door = page.context.new_page()
    door.goto(f"{live_server.url}/congress-day/{congress.pk}/scan/")
    for d in delegates[:3]:
        door.fill("#id_code", d.code.lower())
        door.click("#checkin-submit")
        expect(door.locator("#checkin-ok")).to_contain_text(d.full_name)
        expect(door.locator("#id_code")).to_have_value("")
    # One card's QR code from a photo, read in the browser.
    photo = tmp_path / "card.png"
    segno.make(card_token(congress_id=congress.pk, code=delegates[3].code), error="m").save(
        str(photo), scale=8, border=4
    )
    door.set_input_files("#scanner-file", str(photo))
    expect(door.locator("#checkin-ok")).to_contain_text(delegates[3].full_name)
    # The same card again: told, not checked in twice.
    door.set_input_files("#scanner-file", str(photo))
    expect(door.locator("#checkin-again")).to_contain_text("Không điểm danh lần hai")
    expect(door.locator("#count-present")).to_have_text("4", timeout=10_000)
    expect(door.locator("#recent li")).to_have_count(4)

    # The attendance tab has counted them on its own.
    expect(page.locator("#count-present")).to_have_text("4", timeout=10_000)
    expect(page.locator("#quorum-status")).to_have_text("Đủ số đại biểu")
    methods = dict(Attendance.objects.values_list("delegate__code", "method"))
    assert methods == {
        **{d.code: CheckInMethod.TYPED for d in delegates[:3]},
        delegates[3].code: CheckInMethod.QR,
    }

    for name, (width, height) in SIZES.items():
        for tab, label in ((door, "scan"), (page, "attendance")):
            tab.set_viewport_size({"width": width, "height": height})
            tab.wait_for_timeout(150)
            no_horizontal_scroll(tab)
            shot(tab, f"congress-day-{label}-{name}")
