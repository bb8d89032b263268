"""The sweep area's worst day: the first on which every congress not yet opened is within reach
of a notice."""

import datetime as dt

import pytest

from apps.congresses.deadlines import reach
from apps.congresses.facts import params_by_term
from apps.congresses.models import Congress
from apps.devtools.bench.sweep import day_with_everything_in_reach
from tests.factories import CongressFactory

pytestmark = pytest.mark.django_db


def test_the_first_day_with_every_congress_in_reach(tree):
    today = dt.date(2020, 1, 1)
    CongressFactory(organization=tree.qb, opening_date=dt.date(2020, 9, 30))
    CongressFactory(organization=tree.ptm, opening_date=dt.date(2020, 5, 1))
    day = day_with_everything_in_reach(today)
    rule_sets = list(params_by_term().values())
    assert all(reach(p, day) >= dt.date(2020, 9, 30) for p in rule_sets)
    before = day - dt.timedelta(days=1)
    assert any(reach(p, before) < dt.date(2020, 9, 30) for p in rule_sets)
    assert day > today


def test_with_nothing_far_ahead_today_is_that_day(tree):
    assert not Congress.objects.exists()
    assert day_with_everything_in_reach(dt.date(2020, 1, 1)) == dt.date(2020, 1, 1)
    CongressFactory(organization=tree.qb, opening_date=dt.date(2019, 6, 1))  # long past
    assert day_with_everything_in_reach(dt.date(2020, 1, 1)) == dt.date(2020, 1, 1)
