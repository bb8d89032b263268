"""The dashboards area: the root's and a province's, each against the grouped facts query."""

import pytest

from apps.devtools.bench import dashboards

from .conftest import make_bench

pytestmark = pytest.mark.django_db


@pytest.mark.postgresql  # the floor, FACTS_SQL, is PostgreSQL's SQL (array_agg, DISTINCT ON)
def test_the_root_and_a_province_with_their_floors(tiny):
    bench, _out = make_bench("--json")
    dashboards.measure(bench)
    assert [f.operation for f in bench.figures] == [
        "dashboard of the root",
        "dashboard of one province",
    ]
    assert all(f.floor_ms is not None and f.queries > 0 for f in bench.figures)
