"""The home page "Việc cần làm" (issue 19: under 60 ms median at national scale): read as the
people who open it most, a provincial secretary (own congress, the committees below to lead,
reports to number) and a central standing member (reports to decide for every province, plans
to approve), each signed in before the clock starts; cached (apps.worklist.cache) and, for
each, right after a change (nothing cached)."""

from __future__ import annotations

from functools import partial

from django.core.cache import cache

from apps.organizations.models import Role

from .registry import area
from .session import Bench, leader, page, signed_in

__all__ = ["measure", "signed_in"]  # signed_in: where lists, delegates and others import it

# The page's goal in the issue, printed beside the figures.
GOAL_MS = 60.0


@area(25)
def measure(bench: Bench) -> None:
    for name, client in (
        (
            f"home page (secretary of {bench.province.code})",
            signed_in(leader(bench.province, Role.SECRETARY)),
        ),
        ("home page (root standing member)", signed_in(bench.central)),
    ):
        home = partial(page, client, "/")
        home()  # warm: the per-process caches (rule sets, translations)
        figure = bench.add(name, home)
        if bench.printing and figure.median_ms > GOAL_MS:
            bench.stdout.write(f"  over the goal of {GOAL_MS:.0f} ms")
        # Right after a change (the first visit of the day, or after any save the page reads):
        # the worklist and the person's scope computed again.
        bench.add(
            f"{name}, uncached",
            home,
            rollback=True,
            prepare=cache.clear,
        )
