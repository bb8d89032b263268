"""A figure and how it is taken: times of each run, the first run's query count, the last run's
reads; writes undone when asked; the floor and the operation's own reads replayed as bare SQL;
the table's line."""

import pytest

from apps.devtools.bench.figures import HEAD, floor_once, own_sql, row, timed
from apps.organizations.models import Organization
from tests.factories import OrganizationFactory


def test_the_table_keeps_its_columns():
    assert row(HEAD).split()[:3] == ["operation", "median", "ms"]
    line = row(("dashboard of the root", 12.5, 20.0, 16, None, None, 1.2, 10.4))
    assert line.startswith("dashboard of the root" + " " * 51)
    assert line[72:].split() == ["12.5", "20.0", "16", "—", "—", "1.2", "10.4"]


def test_a_line_with_no_floor_shows_dashes_and_keeps_long_names_whole():
    line = row(("x" * 80, 1.0, None))
    assert line.startswith("x" * 80) and line.split()[1:] == ["1.0", "—"]


@pytest.mark.django_db
def test_timed_counts_the_first_runs_queries_and_keeps_the_last_runs_reads():
    runs = []

    def operation():
        runs.append(len(runs))
        list(Organization.objects.all())
        if len(runs) == 1:
            list(Organization.objects.filter(code="A"))  # the first run reads twice

    calls = {"between": 0}
    timing = timed(
        operation,
        3,
        between=lambda: calls.__setitem__("between", calls["between"] + 1),
    )
    assert len(timing.samples) == 3 and all(s >= 0 for s in timing.samples)
    assert timing.queries == 2 and len(timing.reads) == 1
    assert timing.reads[0].lstrip().upper().startswith("SELECT")
    assert calls["between"] == 3 and runs == [0, 1, 2]


@pytest.mark.django_db
def test_timed_with_rollback_undoes_each_runs_writes_and_prepares_inside():
    prepared = []

    def write():
        OrganizationFactory(code=f"T{len(prepared)}")

    timing = timed(write, 2, rollback=True, prepare=lambda: prepared.append(1))
    assert len(prepared) == 2 and len(timing.samples) == 2
    assert not Organization.objects.filter(code__startswith="T").exists()
    assert timing.queries > 0  # the writes were counted, savepoints not


@pytest.mark.django_db
def test_the_own_reads_and_the_floor_are_timed_as_bare_sql():
    assert own_sql([], 3) is None
    assert own_sql(["SELECT 1", "SELECT 2"], 3) >= 0
    assert floor_once("SELECT %s", [1]) >= 0
