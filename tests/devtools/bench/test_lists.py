"""The flat lists area: the root's calendar (a month, a crowded day), the subtree page (first and
26th page of 200), the API's lists; each figure with the answer's size; the month right after a
change. Its deep pages need a tree of more than 10,000 organisations (and congresses)."""

import re

import pytest

from apps.devtools.bench import lists
from apps.devtools.generator import generate
from apps.organizations.models import Organization
from tests.factories import term

from .conftest import make_bench

pytestmark = pytest.mark.django_db


def test_every_list_with_its_size(db):
    term("2025-2030")
    generate(provinces=4, committees=250, cells=9)  # 10,005: the API page 200 of 50
    assert Organization.objects.count() > 200 * 50
    bench, _out = make_bench("--json")
    lists.measure(bench)
    names = [re.sub(r" \[\d+ KB\]$", "", f.operation) for f in bench.figures]
    assert names == [
        "root calendar, this month",
        "root calendar, one day's list",
        "root subtree page 1 (200 rows)",
        "root subtree page 26 (200 rows)",
        "API congresses, 50 a page, page 1",
        "API congresses, 50 a page, page 200",
        "API organisations, 200 a page",
        "root calendar, this month, uncached",
    ]
    sized = [f.operation for f in bench.figures[:-1]]
    assert all(re.search(r" \[\d+ KB\]$", name) for name in sized)
    assert all(f.queries > 0 for f in bench.figures)
