"""A figure of the benchmark and how it is taken: an operation's median and p95 time, its query
count, and two ratios: to the issue's floor (the grouped facts query, or the bare SQL of the rows
a page shows) and to the operation's own reads replayed as bare SQL."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from apps.notifications.models import Notification


class Rollback(Exception):
    """Raised inside a measured transaction so that its writes are undone."""


@dataclass
class Figure:
    operation: str
    median_ms: float
    p95_ms: float
    queries: int
    floor_ms: float | None
    ratio: float | None
    own_sql_ms: float | None  # the operation's own SELECTs replayed as bare SQL
    own_ratio: float | None


@dataclass
class Timing:
    """What `timed` saw: each run's time, the first run's query count, the last run's reads."""

    samples: list[float]
    queries: int
    reads: list[str]


# The floor of the sweep and of the dashboards: the facts of every congress below a path, grouped
# in one statement, no Python on the rows.
FACTS_SQL = """
SELECT c.id, c.opening_date, c.is_pilot, c.term_id, o.path, o.numchild,
       circ.firsts, rep.official_date, rep.decision, rep.decided_on
FROM congresses_congress c
JOIN organizations_organization o ON o.id = c.organization_id
LEFT JOIN (
    SELECT congress_id, array_agg(kind) AS kinds, array_agg(first) AS firsts FROM (
        SELECT d.congress_id, d.kind, min(ci.official_date) AS first
        FROM documents_circulation ci
        JOIN documents_draftround r ON r.id = ci.round_id
        JOIN documents_draftdocument d ON d.id = r.document_id
        WHERE ci.to_subordinates GROUP BY d.congress_id, d.kind) k
    GROUP BY congress_id) circ ON circ.congress_id = c.id
LEFT JOIN (
    SELECT DISTINCT ON (congress_id) congress_id, official_date, decision, decided_on
    FROM congresses_superiorreport ORDER BY congress_id, submitted_at DESC, id DESC
) rep ON rep.congress_id = c.id
WHERE o.path LIKE %s
"""


def compact_notifications() -> None:
    """Rewrite the notifications table without the dead rows of earlier rolled-back runs.

    The benchmark's first-run and late-day sweeps insert 14,000 to 23,000 notices each and roll
    them back; a run leaves the table ten times its live size (97 MB for 10 MB here), and the
    sweep's sent-check reads all of it. Production never rolls back such batches, so the
    figures are taken on a table as compact as its live rows."""
    with connection.cursor() as cursor:
        cursor.execute(f"VACUUM FULL ANALYZE {Notification._meta.db_table}")


def timed(
    fn: Callable[[], object],
    repeat: int,
    rollback: bool = False,
    prepare: Callable[[], object] | None = None,
    between: Callable[[], object] | None = None,
) -> Timing:
    """Times, the query count of the first run, and the reads (SELECTs) of the last run.
    `prepare` runs untimed before each run, inside the rolled-back transaction; `between`
    untimed after each run (the floor query, interleaved)."""
    timing = Timing(samples=[], queries=0, reads=[])

    def run() -> CaptureQueriesContext:
        with CaptureQueriesContext(connection) as ctx:
            started = time.perf_counter()
            fn()
            timing.samples.append((time.perf_counter() - started) * 1000)
        return ctx

    for i in range(repeat):
        if rollback:
            try:
                with transaction.atomic():
                    if prepare:
                        prepare()
                    ctx = run()
                    raise Rollback
            except Rollback:
                pass
        else:
            ctx = run()
        statements = [
            q["sql"]
            for q in ctx.captured_queries
            if not q["sql"].startswith(("SAVEPOINT", "RELEASE"))
        ]
        if i == 0:
            timing.queries = len(statements)
        timing.reads = [sql for sql in statements if sql.lstrip().upper().startswith("SELECT")]
        if between:
            between()
    return timing


def own_sql(reads: list[str], repeat: int) -> float | None:
    """The operation's own reads replayed as bare SQL (as sent, then fetched, no Python on the
    rows): what the database and the driver alone cost, the floor of these very reads."""
    if not reads:
        return None
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        with connection.cursor() as cursor:
            for sql in reads:
                cursor.execute(sql)
                cursor.fetchall()
        samples.append((time.perf_counter() - started) * 1000)
    return statistics.median(samples)


def floor_once(sql: str, params: list) -> float:
    """One run of the floor query, in ms. The benchmark runs it between the operation's own
    runs (Bench.add): on these shared machines the speed drifts by a third within a minute, and
    a floor measured before or after the operation moves the ratio with it."""
    with connection.cursor() as cursor:
        started = time.perf_counter()
        cursor.execute(sql, params)
        cursor.fetchall()
        return (time.perf_counter() - started) * 1000


HEAD = ("operation", "median ms", "p95 ms", "queries", "floor ms", "ratio", "own SQL", "ratio")


def row(cells: Iterable[object]) -> str:
    """One line of the table: the operation, then the numbers right-aligned ("—" for none)."""
    name, *numbers = ("—" if c is None else c for c in cells)
    return f"{name:<72}" + "".join(f"{n:>10}" for n in numbers)
