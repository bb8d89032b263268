"""The personnel plan page on a phone: its composition table (the figures the standing committee
checks against the targets) is stacked as cards and fits 390 px, nothing of it off screen or
scrolled; on a laptop it stays a table."""

from __future__ import annotations

import datetime as dt

import pytest

from apps.core.dates import local_today
from tests.factories import CongressFactory, approved_plan, term

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Every box of the composition table: its right edge and whether its content overflows it.
BOXES_JS = """
() => {
  const table = document.querySelector('#composition');
  const cells = [...table.querySelectorAll('td')].filter((c) => c.offsetParent !== null);
  return {
    right: Math.max(...cells.map((c) => c.getBoundingClientRect().right)),
    overflowing: cells.filter((c) => c.scrollWidth > c.clientWidth + 1).length,
    scrolledBox: table.closest('.table-scroll, .table-responsive') !== null,
    labels: [...new Set(cells.map((c) => c.getAttribute('data-label')).filter(Boolean))],
    pageWidth: document.documentElement.scrollWidth,
  };
}
"""


def test_the_composition_table_fits_a_phone_and_stays_a_table_on_a_laptop(
    tree, live_server, page, login, shot
):
    congress = CongressFactory(
        organization=tree.ptm,
        term=term("2025-2030"),
        opening_date=local_today() + dt.timedelta(days=40),
    )
    approved_plan(congress, seats=3, candidates=4)
    login(page, "bithu.ptm")

    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/personnel/congress/{congress.pk}/plan/")
    phone = page.evaluate(BOXES_JS)
    shot(page, "personnel-plan-composition-phone")
    assert phone["pageWidth"] <= 390
    assert not phone["scrolledBox"]  # stacked, not a table scrolled sideways
    assert phone["right"] <= 390 and phone["overflowing"] == 0
    assert phone["labels"] == ["Số người", "Tỷ lệ", "Chỉ tiêu tối thiểu", "Đánh giá"]

    page.set_viewport_size({"width": 1366, "height": 768})
    page.reload()
    shot(page, "personnel-plan-composition-laptop")
    header = page.locator("#composition thead").bounding_box()
    assert header is not None and header["height"] > 10  # the column headings show
