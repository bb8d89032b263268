"""A congress of QB two months ahead, its political report with one round, and that round
circulated to every subordinate and the committee members: the ground the attacks stand on."""

import datetime as dt

import pytest

from apps.documents import services
from tests.factories import CongressFactory, term


@pytest.fixture
def upcoming(tree):
    return CongressFactory(
        organization=tree.qb,
        term=term("2025-2030"),
        opening_date=dt.date.today() + dt.timedelta(days=60),
        place="Hội trường",
    )


@pytest.fixture
def document(tree, upcoming):
    return services.document_create(
        actor=tree.qb_secretary, congress=upcoming, kind="political_report"
    )


@pytest.fixture
def circulated(tree, document):
    rnd = services.round_submit(actor=tree.qb_secretary, document=document, body="Dự thảo")
    services.circulate(
        actor=tree.qb_secretary,
        rnd=rnd,
        recipients="all",
        include_committee_members=True,
        comment_deadline=dt.date.today() + dt.timedelta(days=9),
    )
    return rnd
