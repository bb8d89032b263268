"""Dashboards right after a change (issue 21.1): a date moved in one cell of the first province
(A), then the root's dashboard (rebuilt from its children's cached parts: only A's line is
evaluated again), another province's dashboard (B: its version did not change, so it stays
cached), the root's second page and another sort after the change, and four central users
opening the root together right after a change (the rebuild and the table rendered once, the
others waiting for them: apps.core.single_flight) against one user alone.

Each run moves the date forward or back, committed, as a secretary's save does, then reads
the page; the date is put back at the end. One user alone is measured like the four at once
(a thread of its own, a committed change), so the two differ only in the company.
"""

from __future__ import annotations

import datetime as dt
import statistics
import threading
import time
import urllib.request
from argparse import ArgumentParser
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import astuple
from functools import partial

from django.conf import settings
from django.core.cache import cache
from django.core.management.base import CommandError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from apps.congresses.models import Congress
from apps.organizations.models import Membership, Organization, Role

from .figures import Figure, row
from .registry import area
from .session import Bench, leader, page, signed_in

TERM = "2025-2030"
GOAL_AFTER_CHANGE_MS = 250.0  # the root right after a change, at national scale
GOAL_OTHER_PROVINCE_MS = 30.0  # another province's dashboard after that change
GOAL_CONCURRENT_RATIO = 1.5  # four at once against one alone
ROUNDS = 7


def _arguments(parser: ArgumentParser) -> None:
    parser.add_argument(
        "--served",
        default="",
        help=(
            "address of a server (gunicorn, scripts/bench_served.sh) on the same database, "
            "cache and SECRET_KEY: one alone and four at once are then measured through it, "
            "each request in its own worker process"
        ),
    )


@area(21, arguments=_arguments)
def measure(bench: Bench) -> None:
    prefix = bench.options["prefix"]
    root, province_a = bench.root, bench.province
    province_b = Organization.objects.get(code=f"{prefix}01")
    congress = (
        Congress.objects.filter(
            organization__path__startswith=province_a.path,
            organization__depth=province_a.depth + 2,
            term__code=TERM,
        )
        .order_by("organization__path")
        .first()
    )
    if congress is None:
        return
    root_url = f"/congresses/org/{root.code}/?term={TERM}"
    b_url = f"/congresses/org/{province_b.code}/?term={TERM}"
    root_client = signed_in(bench.central)
    b_client = signed_in(leader(province_b, Role.STANDING_MEMBER))
    page(root_client, root_url)  # every part cached, as on a working day
    page(b_client, b_url)

    original = congress.opening_date
    moved = [0]

    def change() -> None:
        """Move the date one day forward or back, committed (the signal renews A's ancestry
        after the commit): as a secretary's save does, and with a version that differs from
        every earlier one for any code measured (a counter bumped in a rolled-back
        transaction would come back to the same value and find the page cached)."""
        moved[0] += 1
        congress.opening_date = original + dt.timedelta(days=moved[0] % 2)
        congress.save(update_fields=["opening_date"])

    where = f"a date moved in {province_a.code}"
    try:
        after = _after_change(
            bench, f"root dashboard right after {where}", root_client, root_url, change
        )
        _goal(bench, after.median_ms, GOAL_AFTER_CHANGE_MS)
        other = _after_change(
            bench,
            f"dashboard of {province_b.code} after {where} (stays cached)",
            b_client,
            b_url,
            change,
        )
        _goal(bench, other.median_ms, GOAL_OTHER_PROVINCE_MS)

        def change_and_open() -> None:
            change()
            page(root_client, root_url)  # the first page after the change rebuilt the parts

        for what, query in (("page 2", "&page=2"), ("sorted by traffic light", "&sort=light")):
            _after_change(
                bench,
                f"root dashboard, {what}, after {where}",
                root_client,
                f"{root_url}{query}",
                change_and_open,
            )
        cpu = Cpu(bench)
        bench.add(
            "root dashboard with nothing cached (every part evaluated)",
            cpu.timing(lambda: page(root_client, root_url)),
            rollback=True,
            prepare=cache.clear,
        )
        cpu.report()
        _concurrent(bench, congress, root, root_url, served=bench.options.get("served") or "")
    finally:
        congress.opening_date = original
        congress.save(update_fields=["opening_date"])


def _after_change(
    bench: Bench, name: str, client: Client, url: str, change: Callable[[], None]
) -> Figure:
    """The page read right after each of `repeat` committed changes: median and slowest wall
    time, the first run's queries, and the median CPU time printed under the line."""
    walls: list[float] = []
    cpus: list[float] = []
    queries = 0
    for i in range(bench.repeat):
        change()
        with CaptureQueriesContext(connection) as ctx:
            wall, cpu = time.perf_counter(), time.process_time()
            page(client, url)
            cpus.append((time.process_time() - cpu) * 1000)
            walls.append((time.perf_counter() - wall) * 1000)
        if i == 0:
            queries = len(ctx.captured_queries)
    figure = Figure(
        name,
        round(statistics.median(walls), 1),
        round(max(walls), 1),
        queries,
        None,
        None,
        None,
        None,
    )
    bench.figures.append(figure)
    if bench.printing:
        bench.stdout.write(row(astuple(figure)))
        bench.stdout.write(f"  CPU time of this process: median {statistics.median(cpus):.1f} ms")
    return figure


class Cpu:
    """The CPU time this process spent in each timed run, printed under the figure: on a
    machine shared by other jobs, the wall-clock median also holds the time spent waiting for
    a core, and the CPU time tells the two apart."""

    def __init__(self, bench: Bench) -> None:
        self.bench = bench
        self.samples: list[float] = []

    def timing(self, fn: Callable[[], object]) -> Callable[[], object]:
        def timed() -> object:
            started = time.process_time()
            try:
                return fn()
            finally:
                self.samples.append((time.process_time() - started) * 1000)

        return timed

    def report(self) -> None:
        if self.bench.printing and self.samples:
            median = statistics.median(self.samples)
            self.bench.stdout.write(f"  CPU time of this process: median {median:.1f} ms")
        self.samples = []


def _concurrent(
    bench: Bench, congress: Congress, root: Organization, url: str, *, served: str
) -> None:
    """One user alone, then four at once, each right after a committed change: in this
    process (threads sharing one interpreter lock), or through a server's worker processes
    when `served` gives its address."""
    users = [
        m.user
        for m in Membership.objects.filter(organization=root, role=Role.STANDING_MEMBER)
        .select_related("user")
        .order_by("pk")[:4]
    ]
    clients = [signed_in(users[i % len(users)]) for i in range(4)]
    readers: list[Callable[[], object]]
    if served:
        readers = [partial(_served_page, served.rstrip("/") + url, c) for c in clients]
    else:
        readers = [partial(page, c, url) for c in clients]
    if served:
        _warm(readers)
    alone, together = _rounds(readers, congress)
    single, four = statistics.median(alone), statistics.median(together)
    where = f", through {served}" if served else ""
    for name, samples in (
        (f"root dashboard right after a change, one user alone (committed){where}", alone),
        (
            f"root dashboard right after a change, four at once ({len(set(users))} users){where}",
            together,
        ),
    ):
        figure = Figure(
            name,
            round(statistics.median(samples), 1),
            round(max(samples), 1),
            0,
            None,
            None,
            None,
            None,
        )
        bench.figures.append(figure)
        if bench.printing:
            bench.stdout.write(row(astuple(figure)))
    if bench.printing:
        bench.stdout.write(
            f"  four at once: {four / single:.2f}× one alone (goal < {GOAL_CONCURRENT_RATIO})"
        )


def _served_page(url: str, client: Client) -> None:
    """GET the page from the server with the client's session, as a browser would."""
    cookie = f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"
    request = urllib.request.Request(url, headers={"Cookie": cookie})
    with urllib.request.urlopen(request, timeout=60) as response:
        response.read()
        if response.status != 200:
            raise CommandError(f"{url} answered {response.status}")


def _warm(readers: list[Callable[[], object]]) -> None:
    """Four at once a few times, uncounted: every worker of the server has then loaded its
    templates, translations and connection (a cold worker's first page costs hundreds of ms,
    which one alone would pay at random)."""
    with ThreadPoolExecutor(max_workers=len(readers)) as pool:
        for _ in range(4):
            _together(pool, readers)


def _rounds(
    readers: list[Callable[[], object]], congress: Congress
) -> tuple[list[float], list[float]]:
    """Rounds of one alone then four at once, each right after a committed move of the date
    (forward, then back), so that both see the same load from the machine's other jobs (run
    one series after the other, a change in that load between them made the ratio anything
    from 1.4 to 2); each request from a thread kept for the whole series (with its own
    database connection, opened in an uncounted first round: connecting is not what the page
    costs). The latencies of every request of the counted rounds: alone, together."""
    alone: list[float] = []
    together: list[float] = []
    original = congress.opening_date
    moves = 0

    def change() -> None:
        nonlocal moves
        moves += 1
        congress.opening_date = original + dt.timedelta(days=moves % 2)
        congress.save(update_fields=["opening_date"])  # autocommit: renewed after the commit

    with ThreadPoolExecutor(max_workers=len(readers)) as pool:
        for i in range(ROUNDS + 1):
            change()
            one = _together(pool, readers[:1])
            change()
            four = _together(pool, readers)
            if i:
                alone += one
                together += four
        _together(pool, [_close_own_connection for _ in readers])
    congress.opening_date = original
    congress.save(update_fields=["opening_date"])
    return alone, together


def _close_own_connection() -> None:
    connection.close()  # looked up in the calling thread: that thread's own connection


def _together(pool: ThreadPoolExecutor, requests: list[Callable[[], object]]) -> list[float]:
    """Run the requests at the same moment, one per thread of the pool; their times in ms."""
    barrier = threading.Barrier(len(requests))

    def run(request: Callable[[], object]) -> float:
        barrier.wait()
        started = time.perf_counter()
        request()
        return (time.perf_counter() - started) * 1000

    return list(pool.map(run, requests))


def _goal(bench: Bench, median_ms: float, goal_ms: float) -> None:
    if bench.printing:
        verdict = "within" if median_ms < goal_ms else "over"
        bench.stdout.write(f"  {verdict} the goal of {goal_ms:.0f} ms")
