"""The pages area: a congress page, a tree node expanded, the superior's inbox; a province
without a congress stops the run with what to do."""

import pytest
from django.core.management.base import CommandError

from apps.congresses.models import Congress
from apps.devtools.bench import pages
from tests.factories import OrganizationFactory

from .conftest import make_bench

pytestmark = pytest.mark.django_db


def test_three_pages_two_with_their_floor(tiny):
    bench, _out = make_bench("--json")
    pages.measure(bench)
    figures = {f.operation: f for f in bench.figures}
    assert list(figures) == [
        "congress page",
        "expand a tree node (province)",
        "superior inbox (root standing member)",
    ]
    assert figures["congress page"].floor_ms is None
    assert figures["expand a tree node (province)"].floor_ms is not None
    assert all(f.queries > 0 for f in bench.figures)


def test_a_province_without_a_congress_stops_the_run(tiny):
    bench, _out = make_bench("--json")
    bench.clients()  # signed in as the generated province's standing member
    bench.province = OrganizationFactory(parent=bench.root, code="G99", kind="above_grassroots")
    assert not Congress.objects.filter(organization=bench.province).exists()
    with pytest.raises(CommandError, match=r"G99 has no congress; regenerate the data set\."):
        pages.measure(bench)
