"""The progress report covers the term chosen on the dashboard, not always the current one."""

import datetime as dt

import pytest

from apps.congresses.models import Term
from tests.factories import CongressFactory, term
from tests.reports.pdf import flat

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_terms(tree):
    CongressFactory(
        organization=tree.ptm,
        term=term("2020-2025"),
        ordinal="XV",
        opening_date=dt.date(2020, 6, 1),
    )
    CongressFactory(
        organization=tree.ankt,
        term=term("2025-2030"),
        ordinal="XIII",
        opening_date=dt.date.today() + dt.timedelta(days=50),
    )


def test_the_progress_pdf_follows_the_chosen_term(client, tree, two_terms):
    client.force_login(tree.qb_officer)
    old = flat(client.get("/reports/progress/QB.pdf", {"term": "2020-2025"}).content)
    assert "nhiệm kỳ 2020–2025" in old
    assert "Đảng bộ Phòng Tham mưu" in old and "Chi bộ Phòng An ninh kinh tế" not in old
    new = flat(client.get("/reports/progress/QB.pdf", {"term": "2025-2030"}).content)
    assert "nhiệm kỳ 2025–2030" in new
    assert "Chi bộ Phòng An ninh kinh tế" in new and "Đảng bộ Phòng Tham mưu" not in new


def test_the_dashboard_links_the_pdf_of_its_term(client, tree, two_terms):
    client.force_login(tree.qb_officer)
    page = client.get("/congresses/org/QB/", {"term": "2020-2025"}).content.decode()
    assert "/reports/progress/QB.pdf?term=2020-2025" in page
    assert Term.objects.filter(code="2020-2025").exists()


def test_an_unknown_term_is_a_bad_request(client, tree, two_terms):
    client.force_login(tree.qb_officer)
    assert client.get("/reports/progress/QB.pdf", {"term": "x"}).status_code == 400
