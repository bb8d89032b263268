"""Dashboards right after a change (issue 21.1): a date moved in one cell of the first province
(A), then the root's dashboard (rebuilt from its children's cached parts: only A's line is
evaluated again), another province's dashboard (B: its version did not change, so it stays
cached), the root's second page and another sort after the change, and four central users
opening the root together right after a change (the rebuild and the table rendered once, the
others waiting for them: apps.core.single_flight) against one user alone.

The first three move the date inside the rolled-back transaction of each run (the versions are
renewed at once, as in the writer's own request). The concurrent requests need the change
committed, since each thread reads through its own connection: the date moves forward and
back, committed, one round at a time, and is put back at the end.
"""

from __future__ import annotations

import datetime as dt
import statistics
import threading
import time
from collections.abc import Callable
from dataclasses import astuple
from functools import partial

from django.core.cache import cache
from django.db import connection
from django.test import Client

from apps.congresses.models import Congress
from apps.organizations.models import Membership, Organization, Role

from .figures import Figure, row
from .home import signed_in
from .registry import area
from .session import Bench, leader, page

TERM = "2025-2030"
GOAL_AFTER_CHANGE_MS = 250.0  # the root right after a change, at national scale
GOAL_OTHER_PROVINCE_MS = 30.0  # another province's dashboard after that change
GOAL_CONCURRENT_RATIO = 1.5  # four at once against one alone
ROUNDS = 5


@area(21)
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

    def change() -> None:  # inside the run's transaction, rolled back after it
        congress.opening_date = original + dt.timedelta(days=1)
        congress.save(update_fields=["opening_date"])  # the signal renews A's ancestry

    where = f"a date moved in {province_a.code}"
    cpu = Cpu(bench)
    after = bench.add(
        f"root dashboard right after {where}",
        cpu.timing(lambda: page(root_client, root_url)),
        rollback=True,
        prepare=change,
    )
    cpu.report()
    _goal(bench, after.median_ms, GOAL_AFTER_CHANGE_MS)
    other = bench.add(
        f"dashboard of {province_b.code} after {where} (stays cached)",
        cpu.timing(lambda: page(b_client, b_url)),
        rollback=True,
        prepare=change,
    )
    cpu.report()
    _goal(bench, other.median_ms, GOAL_OTHER_PROVINCE_MS)

    def change_and_open() -> None:
        change()
        page(root_client, root_url)  # the first page after the change rebuilt the parts

    bench.add(
        f"root dashboard, page 2, after {where}",
        cpu.timing(lambda: page(root_client, f"{root_url}&page=2")),
        rollback=True,
        prepare=change_and_open,
    )
    cpu.report()
    bench.add(
        f"root dashboard sorted by traffic light, after {where}",
        cpu.timing(lambda: page(root_client, f"{root_url}&sort=light")),
        rollback=True,
        prepare=change_and_open,
    )
    cpu.report()
    bench.add(
        "root dashboard with nothing cached (every part evaluated)",
        cpu.timing(lambda: page(root_client, root_url)),
        rollback=True,
        prepare=cache.clear,
    )
    cpu.report()
    congress.opening_date = original
    _concurrent(bench, congress, root, root_url)


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


def _concurrent(bench: Bench, congress: Congress, root: Organization, url: str) -> None:
    """One user alone, then four at once, each right after a committed change."""
    users = [
        m.user
        for m in Membership.objects.filter(organization=root, role=Role.STANDING_MEMBER)
        .select_related("user")
        .order_by("pk")[:4]
    ]
    clients = [signed_in(users[i % len(users)]) for i in range(4)]
    original = congress.opening_date
    try:
        alone = _rounds(clients[:1], congress, url)
        together = _rounds(clients, congress, url)
    finally:
        congress.opening_date = original
        congress.save(update_fields=["opening_date"])
    single, four = statistics.median(alone), statistics.median(together)
    for name, samples in (
        ("root dashboard right after a change, one user alone (committed)", alone),
        (f"root dashboard right after a change, four at once ({len(set(users))} users)", together),
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


def _rounds(clients: list[Client], congress: Congress, url: str) -> list[float]:
    """Each round commits a move of the date (forward, then back) and opens the page with
    every client at the same moment; the latencies of every request of every round."""
    samples: list[float] = []
    original = congress.opening_date
    for i in range(ROUNDS):
        congress.opening_date = original + dt.timedelta(days=1 if i % 2 == 0 else 0)
        congress.save(update_fields=["opening_date"])  # autocommit: renewed after the commit
        samples += _together([partial(page, c, url) for c in clients])
    return samples


def _together(requests: list[Callable[[], object]]) -> list[float]:
    barrier = threading.Barrier(len(requests))
    took: list[float] = []
    failed: list[BaseException] = []

    def run(request: Callable[[], object]) -> None:
        try:
            barrier.wait()
            started = time.perf_counter()
            request()
            took.append((time.perf_counter() - started) * 1000)
        except BaseException as exc:  # shown after the join: a failed request is no figure
            failed.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(r,)) for r in requests]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    if failed:
        raise failed[0]
    return took


def _goal(bench: Bench, median_ms: float, goal_ms: float) -> None:
    if bench.printing:
        verdict = "within" if median_ms < goal_ms else "over"
        bench.stdout.write(f"  {verdict} the goal of {goal_ms:.0f} ms")
