"""The congress day in a real browser (issue 22, Must show): the office prints the delegate cards
(the PDF's text checked); at the door, a phone (a second chromium whose camera shows a card's QR
code: tests/browser/fake_camera.py) checks three delegates in by the code typed from the card and
one by the camera, read by the vendored @zxing/browser; a photo of the same card, given to the
scanner page, is read too and told the delegate is already in. Meanwhile the attendance page,
open on the office's laptop, counts them as they come. Screenshots of the door and the
attendance page at 390×844 and 1366×768."""

from __future__ import annotations

import pytest
import segno
from playwright.sync_api import expect

from apps.attendance.models import Attendance, CheckInMethod
from apps.attendance.tokens import card_token
from apps.congresses.models import CongressKind, CongressStatus
from apps.core.dates import local_today
from tests.attendance.conftest import seat, two_thirds_quorum
from tests.browser.conftest import CHROMIUM
from tests.browser.fake_camera import CAMERA_ARGS, qr_video
from tests.browser.test_layout import _axe
from tests.factories import CongressFactory
from tests.reports.pdf import flat

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SIZES = {"phone": (390, 844), "laptop": (1366, 768)}


def no_horizontal_scroll(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_office_prints_cards_checks_in_four_and_watches_the_count(
    tree, live_server, page, login, shot, tmp_path, playwright
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

    # The door: a phone whose camera sees delegate 4's card.
    token = card_token(congress_id=congress.pk, code=delegates[3].code)
    video = qr_video(token, tmp_path / "card.y4m")
    phone = playwright.chromium.launch(
        executable_path=CHROMIUM,
        args=["--no-sandbox", *CAMERA_ARGS, f"--use-file-for-fake-video-capture={video}"],
    )
    door = phone.new_page(viewport={"width": 390, "height": 844})
    login(door, "vanphong.qb")
    door.goto(f"{live_server.url}/congress-day/{congress.pk}/scan/")
    for d in delegates[:3]:  # three codes typed from the cards
        door.fill("#id_code", d.code.lower())
        door.click("#checkin-submit")
        expect(door.locator("#checkin-ok")).to_contain_text(d.full_name)
        expect(door.locator("#id_code")).to_have_value("")
    door.click("#scanner-start")  # one card held to the camera
    # (decoding frames can take a while on a loaded machine)
    expect(door.locator("#checkin-ok")).to_contain_text(delegates[3].full_name, timeout=20_000)
    expect(door.locator("#count-present")).to_have_text("4", timeout=10_000)
    shot(door, "congress-day-scan-camera-phone")
    door.click("#scanner-stop")
    # A photo of the same card: read, and told it is already in (not a second check-in).
    photo = tmp_path / "card.png"
    segno.make(token, error="m", micro=False).save(str(photo), scale=8, border=4)
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
    # axe-core (injected, hence a context that lets it in) finds no serious or critical
    # violation on either page; the journey above ran under the site's own CSP.
    checker = page.context.browser.new_context(
        storage_state=page.context.storage_state(), bypass_csp=True
    )
    tab = checker.new_page()
    for path in ("scan/", ""):
        tab.goto(f"{live_server.url}/congress-day/{congress.pk}/{path}")
        assert _axe(tab) == [], path
    checker.close()
    phone.close()
