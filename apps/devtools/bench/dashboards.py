"""The congress dashboards of the root and of one province, read by their standing members."""

from __future__ import annotations

from .figures import FACTS_SQL
from .registry import area
from .session import Bench, page


@area(20)
def measure(bench: Bench) -> None:
    root, province = bench.root, bench.province
    root_client, province_client = bench.clients()  # signed in before the clock starts
    bench.add(
        "dashboard of the root",
        lambda: page(root_client, f"/congresses/org/{root.code}/?term=2025-2030"),
        FACTS_SQL,
        [f"{root.path}%"],
    )
    bench.add(
        "dashboard of one province",
        lambda: page(province_client, f"/congresses/org/{province.code}/?term=2025-2030"),
        FACTS_SQL,
        [f"{province.path}%"],
    )
