"""The benchmark area of issue 21.1 (apps/devtools/bench/dashboards_after_change.py)."""

import io
import json

import pytest
from django.core.management import call_command

from apps.congresses.models import Congress
from apps.devtools.generator import generate
from tests.factories import term


@pytest.mark.postgresql  # the concurrent requests read the committed tree from their threads
@pytest.mark.django_db(transaction=True)
def test_every_figure_after_a_change_is_measured_and_the_date_put_back():
    term("2025-2030")
    generate(provinces=2, committees=1, cells=1)
    dates = dict(Congress.objects.values_list("pk", "opening_date"))
    out = io.StringIO()
    call_command(
        "benchmark",
        *("--json", "--repeat", "2", "--only", "dashboards_after_change"),
        stdout=out,
    )
    figures = {f["operation"]: f for f in json.loads(out.getvalue())}
    assert list(figures) == [
        "root dashboard right after a date moved in G00",
        "dashboard of G01 after a date moved in G00 (stays cached)",
        "root dashboard, page 2, after a date moved in G00",
        "root dashboard, sorted by traffic light, after a date moved in G00",
        "root dashboard with nothing cached (every part evaluated)",
        "root dashboard right after a change, one user alone (committed)",
        "root dashboard right after a change, four at once (1 users)",
    ]
    assert all(f["median_ms"] > 0 for f in figures.values())
    # another province reads no fact after the change: fewer queries than the root's rebuild
    root = figures["root dashboard right after a date moved in G00"]
    other = figures["dashboard of G01 after a date moved in G00 (stays cached)"]
    assert 0 < other["queries"] < root["queries"]
    assert dict(Congress.objects.values_list("pk", "opening_date")) == dates  # put back
