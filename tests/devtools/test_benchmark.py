"""The benchmark command: refused off PostgreSQL or on an empty database; on a tiny tree, every
figure of the original areas in their order, and only those asked for (--only)."""

import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from apps.devtools.generator import generate
from tests.factories import term

# Every figure of the benchmark, in its order, as the single 380-line command printed them.
OPERATIONS = [
    "deadline sweep, first run of the day ({n} congresses; rolled back)",
    "deadline sweep, rerun (0 new notifications)",
    "deadline sweep, rerun on {late} (every congress in reach)",
    "congress_status --format json, whole tree (in process)",
    "dashboard of the root",
    "dashboard of one province",
    "congress page",
    "expand a tree node (province)",
    "superior inbox (root standing member)",
    "progress-report PDF of one province ({size} congresses)",
    "import 505 organisations (rolled back)",
]


@pytest.mark.django_db
def test_refuses_sqlite_and_an_empty_database(settings):
    from django.db import connection

    if connection.vendor != "postgresql":
        with pytest.raises(CommandError, match="PostgreSQL"):
            call_command("benchmark")
    else:
        with pytest.raises(CommandError, match="generate_dataset"):
            call_command("benchmark")


@pytest.mark.postgresql  # the benchmark measures PostgreSQL (and VACUUMs outside a transaction)
@pytest.mark.django_db(transaction=True)
def test_every_figure_is_measured_on_a_tiny_tree():
    term("2025-2030")
    generate(provinces=2, committees=1, cells=1)
    out = io.StringIO()
    call_command(
        "benchmark",
        *("--json", "--repeat", "1", "--import-committees", "1"),
        *("--only", "sweep,dashboards,pages,reports,imports"),
        stdout=out,
    )
    figures = json.loads(out.getvalue())
    names = [f["operation"] for f in figures]
    late = next(n for n in names if n.startswith("deadline sweep, rerun on "))
    day = late.removeprefix("deadline sweep, rerun on ").split()[0]
    expected = [o.format(n=7, late=day, size=2) for o in OPERATIONS]
    assert names == expected  # the original figures in their order, and only those (--only)
    for figure in figures:
        assert figure["median_ms"] > 0, figure
        if figure["operation"] in expected:  # every one reads the database
            assert figure["queries"] > 0, figure
    floors = {f["operation"]: f["floor_ms"] for f in figures}
    assert floors["dashboard of the root"] is not None
    assert floors["congress page"] is None  # no floor query for a single congress
