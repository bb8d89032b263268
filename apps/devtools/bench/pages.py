"""Other pages read often: a congress, a tree node expanded, the superior's inbox."""

from __future__ import annotations

from django.core.management.base import CommandError

from apps.congresses.models import Congress

from .registry import area
from .session import Bench, page


@area(30)
def measure(bench: Bench) -> None:
    province = bench.province
    root_client, province_client = bench.clients()  # signed in before the clock starts
    congress = Congress.objects.filter(organization=province).first()
    if congress is None:
        raise CommandError(f"{province.code} has no congress; regenerate the data set.")
    bench.add(
        "congress page",
        lambda: page(province_client, f"/congresses/{congress.pk}/"),
    )
    bench.add(
        "expand a tree node (province)",
        lambda: page(province_client, f"/org/{province.code}/children/"),
        "SELECT id, code, name FROM organizations_organization WHERE path LIKE %s AND depth = %s",
        [f"{province.path}%", province.depth + 1],
    )
    bench.add(
        "superior inbox (root standing member)",
        lambda: page(root_client, "/congresses/inbox/"),
        "SELECT s.id FROM congresses_superiorreport s "
        "WHERE s.decision = 'pending' ORDER BY s.submitted_at",
        [],
    )
