"""Lists that must stay flat (issue 21.4): at a fixed page size, a page costs the same whatever
the tree's size. Read at the root (the whole national tree below) by its standing member: the
month calendar (a day shows four events and "+n"), a crowded day's list, the whole-subtree page
(200 organisations, keyset), and the API's congress and organisation lists (50 a page, first
and a deep page). Each figure also gives the answer's size, the other half of what a user
waits for."""

from __future__ import annotations

from functools import partial

from django.core.cache import cache
from django.db.models import Count
from rest_framework.test import APIClient

from apps.congresses.models import Congress
from apps.organizations.models import Organization

from .home import signed_in
from .registry import area
from .session import Bench, page


@area(35)
def measure(bench: Bench) -> None:
    root = bench.root
    client = signed_in(bench.central)
    api = APIClient()
    api.force_authenticate(bench.central)
    busiest = (  # the day with the most openings: the longest list a day can have
        Congress.objects.filter(organization__path__startswith=root.path)
        .values("opening_date")
        .annotate(n=Count("id"))
        .order_by("-n", "opening_date")
        .values_list("opening_date", flat=True)
        .first()
    )
    deep_path = (
        Organization.objects.filter(path__startswith=root.path)
        .order_by("path")
        .values_list("path", flat=True)[5000]
    )
    month = bench.today.strftime("%Y-%m")
    pages = [
        ("root calendar, this month", client, f"/congresses/org/{root.code}/calendar/"),
        (
            "root calendar, one day's list",
            client,
            f"/congresses/org/{root.code}/calendar/?month={busiest:%Y-%m}&day={busiest:%Y-%m-%d}"
            if busiest
            else f"/congresses/org/{root.code}/calendar/?month={month}",
        ),
        ("root subtree page 1 (200 rows)", client, f"/org/{root.code}/subtree/"),
        ("root subtree page 26 (200 rows)", client, f"/org/{root.code}/subtree/?after={deep_path}"),
        ("API congresses, 50 a page, page 1", api, "/api/v1/congresses/?page_size=50"),
        ("API congresses, 50 a page, page 200", api, "/api/v1/congresses/?page_size=50&page=200"),
        ("API organisations, 200 a page", api, "/api/v1/organizations/?page_size=200"),
    ]
    for name, who, url in pages:
        get = partial(page, who, url)
        size = len(get().getvalue())  # warm, and the answer's size
        bench.add(f"{name} [{size // 1024} KB]", get)
    # The calendar's month right after a change: every congress of the month evaluated again.
    calendar = partial(page, client, f"/congresses/org/{root.code}/calendar/")
    bench.add("root calendar, this month, uncached", calendar, rollback=True, prepare=cache.clear)
