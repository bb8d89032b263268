"""The first pages of a dashboard's table in each order its headings offer, cached beside its
counts, so that a page or an order asked for after a change reads that page, not the subtree.

Right after a change, the first request for a dashboard reads every row of the subtree (13,293
at the root, from its children's cached parts: apps.congresses.rollups) for its counts and its
page. A second page or another order then read and sorted them all again. That first request
now also stores, under the dashboard's key (the subtree's version, the term, the day, the
viewer's scope: selectors.dashboard_key), the counts and the first PAGES pages of each order;
a later request for one of those pages reads the counts and the page, two small cache reads
whatever the size of the tree. Filters, descending orders and pages further down are still
sorted from every row (rarely asked; each page is then cached as HTML like the others).

Each order is a total order (ties broken by the organisation's path, then the congress), so a
stored page and a page sorted from every row agree, and a page past the stored ones continues
exactly where they stop.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from typing import NamedTuple, overload

from django.core.cache import cache

from .cache import TTL_SECONDS
from .rollups import DashRow

PAGE_SIZE = 50  # the table's page (views.dashboard's Paginator)
PAGES = 10  # pages stored per order: 500 rows of each, past them the rows are sorted again


class Counts(NamedTuple):
    """The counts above the table: every row of the subtree the viewer may see."""

    total: int
    by_light: dict[str, int]
    by_status: dict[str, int]


def stored_counts(key: str) -> Counts | None:
    """The counts stored for the dashboard `key`, if its pages were stored."""
    counts: Counts | None = cache.get(_counts_key(key))
    return counts


def store(key: str, counts: Counts, orders: Mapping[str, Sequence[tuple]]) -> None:
    """Store the counts and the first PAGES pages of each order (rows as plain tuples), in one
    cache call. The counts are what a reader looks for first; a page missing all the same
    (evicted) is sorted from every row."""
    entries: dict[str, object] = {_counts_key(key): counts}
    for order, rows in orders.items():
        for number in range(1, PAGES + 1):
            start = (number - 1) * PAGE_SIZE
            entries[_page_key(key, order, number)] = list(rows[start : start + PAGE_SIZE])
            if start + PAGE_SIZE >= len(rows):
                break
    cache.set_many(entries, TTL_SECONDS)


def counters(counts: Counts) -> tuple[Counter, Counter]:
    return Counter(counts.by_light), Counter(counts.by_status)


class StoredRows(Sequence[DashRow]):
    """The table's rows in one order, as the Paginator reads them: the length from the stored
    counts, a page from the stored pages, anything else (a page past them, an evicted one)
    from `everything`, which reads and sorts every row (plain tuples), once."""

    def __init__(
        self, key: str, order: str, length: int, everything: Callable[[], list[tuple]]
    ) -> None:
        self._key = key
        self._order = order
        self._length = length
        self._everything = everything
        self._all: list[tuple] | None = None

    def __len__(self) -> int:
        return self._length

    @overload
    def __getitem__(self, index: int) -> DashRow: ...

    @overload
    def __getitem__(self, index: slice) -> list[DashRow]: ...

    def __getitem__(self, index: int | slice) -> DashRow | list[DashRow]:
        if isinstance(index, slice):
            page = self._stored_page(index)
            if page is not None:
                return page
        if self._all is None:
            self._all = self._everything()
        if isinstance(index, slice):
            return list(map(DashRow._make, self._all[index]))
        return DashRow._make(self._all[index])

    def _stored_page(self, index: slice) -> list[DashRow] | None:
        start, stop, step = index.indices(self._length)
        if step != 1 or start % PAGE_SIZE or stop - start > PAGE_SIZE:
            return None
        number = start // PAGE_SIZE + 1
        if number > PAGES:
            return None
        rows: list[tuple] | None = cache.get(_page_key(self._key, self._order, number))
        if rows is None:
            return None
        return list(map(DashRow._make, rows[: stop - start]))


def _counts_key(key: str) -> str:
    return f"dpages:{key}:counts"


def _page_key(key: str, order: str, number: int) -> str:
    return f"dpages:{key}:{order}:{number}"
