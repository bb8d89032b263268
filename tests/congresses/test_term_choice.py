"""The dashboard opens on the term the person works in, and keeps their choice (issue 19.3)."""

import datetime as dt

import pytest

from apps.congresses.models import CongressStatus
from apps.core.dates import local_today
from tests.factories import CongressFactory, term

pytestmark = pytest.mark.django_db


def _selected(page: str) -> str:
    start = page.index('name="term"')
    chunk = page[start : page.index("</select>", start)]
    return chunk.split(" selected")[0].rsplit('value="', 1)[1].split('"')[0]


def test_a_secretary_preparing_a_congress_of_the_past_term_gets_that_term(client, tree):
    term("2025-2030")
    CongressFactory(organization=tree.qb, term=term("2020-2025"), opening_date=dt.date(2020, 7, 28))
    client.force_login(tree.qb_secretary)
    assert _selected(client.get("/congresses/org/QB/").content.decode()) == "2020-2025"


def test_the_next_congress_to_open_decides_and_held_ones_do_not(client, tree):
    today = local_today()
    CongressFactory(
        organization=tree.qb,
        term=term("2020-2025"),
        opening_date=dt.date(2020, 7, 28),
        status=CongressStatus.RATIFIED,
    )
    CongressFactory(
        organization=tree.ptm, term=term("2025-2030"), opening_date=today + dt.timedelta(days=40)
    )
    client.force_login(tree.qb_secretary)  # QB's congress is held: the current term
    assert _selected(client.get("/congresses/org/QB/").content.decode()) == "2025-2030"
    client.force_login(tree.ptm_secretary)
    assert _selected(client.get("/congresses/org/QB-PTM/").content.decode()) == "2025-2030"


def test_a_choice_is_kept_while_browsing_and_is_the_users_own(client, tree):
    term("2025-2030")
    CongressFactory(organization=tree.qb, term=term("2020-2025"), opening_date=dt.date(2020, 7, 28))
    client.force_login(tree.qb_secretary)
    assert _selected(client.get("/congresses/org/QB/?term=2025-2030").content.decode()) == (
        "2025-2030"
    )
    assert _selected(client.get("/congresses/org/QB-PTM/").content.decode()) == "2025-2030"
    assert _selected(client.get("/congresses/org/QB/?term=nonsense").content.decode()) == (
        "2025-2030"
    )
    client.force_login(tree.qb_standing)  # another person, another session: their own default
    assert _selected(client.get("/congresses/org/QB/").content.decode()) == "2020-2025"


def test_nobody_preparing_anything_gets_the_current_term(client, tree):
    term("2020-2025")
    current = term("2025-2030")
    client.force_login(tree.qb_member)
    page = client.get("/congresses/org/QB/").content.decode()
    assert _selected(page) == current.code
