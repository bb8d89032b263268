"""The daily deadline sweep over the whole tree: the first run of the day, a rerun, a rerun on
the worst day of the season, and `congress_status` (the same facts, printed)."""

from __future__ import annotations

import datetime as dt
import io

from django.core.management import call_command
from django.db.models import Max
from django.utils import timezone

from apps.congresses.deadlines import reach
from apps.congresses.facts import params_by_term
from apps.congresses.models import Congress
from apps.congresses.sweep import deadline_sweep
from apps.notifications.models import Notification

from .figures import FACTS_SQL, compact_notifications
from .registry import area
from .session import Bench


@area(10)
def measure(bench: Bench) -> None:
    today = bench.today
    count = Congress.objects.count()
    compact_notifications()
    tree_floor = (FACTS_SQL, [f"{bench.root.path}%"])
    bench.add(
        f"deadline sweep, first run of the day ({count} congresses; rolled back)",
        lambda: deadline_sweep(today=today),
        *tree_floor,
        rollback=True,
        reps=1,
        # nothing sent yet, whatever ran earlier today: the day's notifications, if any,
        # are removed inside the rolled-back transaction, before the clock starts
        prepare=lambda: Notification.objects.filter(key__startswith="congress:").delete(),
    )
    deadline_sweep(today=today)  # the day's notifications now exist: reruns create none
    compact_notifications()
    bench.add(
        "deadline sweep, rerun (0 new notifications)",
        lambda: deadline_sweep(today=today),
        *tree_floor,
    )
    # The worst day: late in the season every congress not yet opened is within reach of a
    # notice (deadlines.reach), so the sweep evaluates all of them. That day's notices are
    # created and committed first, as a day's sweep would have left them (rows written by
    # the measuring transaction itself cost PostgreSQL a visibility check each), and are
    # deleted afterwards.
    late = day_with_everything_in_reach(today)
    started = timezone.now()
    deadline_sweep(today=late)
    compact_notifications()
    bench.add(
        f"deadline sweep, rerun on {late:%d/%m/%Y} (every congress in reach)",
        lambda: deadline_sweep(today=late),
        *tree_floor,
    )
    Notification.objects.filter(created_at__gte=started).delete()
    compact_notifications()
    bench.add(
        "congress_status --format json, whole tree (in process)",
        lambda: call_command("congress_status", "--format", "json", stdout=io.StringIO()),
        *tree_floor,
    )


def day_with_everything_in_reach(today: dt.date) -> dt.date:
    """The first day on which every congress not yet opened is within reach of a notice."""
    last_opening = Congress.objects.aggregate(last=Max("opening_date"))["last"] or today
    rule_sets = params_by_term().values()  # read once, not once per day tried
    day = today
    while any(reach(p, day) < last_opening for p in rule_sets):
        day += dt.timedelta(days=1)
    return day
