"""Pausing Python's cyclic garbage collector around bulk work.

A national sweep or whole-tree evaluation allocates some 100,000 small objects (rows, facts,
results) that all stay alive until it ends. Each allocation burst triggers collections that
walk every live object in the process, finding nothing to free: about a third of the sweep's
time here. Pausing the collector for the duration (and collecting normally afterwards) is
the standard remedy; reference counting still frees everything that is not in a cycle.
"""

from __future__ import annotations

import ctypes
import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            # Everything allocated meanwhile sits in the youngest generation, so the first
            # collection after enabling would walk it all (~30 ms for a sweep). Moving it to the
            # oldest generation (freeze, then unfreeze: two list splices) leaves it to the rare
            # full collections, as if it had survived the young ones.
            gc.freeze()
            gc.unfreeze()
            gc.enable()


def release_memory() -> None:
    """After a big job: collect cycles, then ask glibc to hand freed heap pages back to the
    system (`malloc_trim`). Without it a worker that rendered 900 pages kept its peak resident
    size long after, although the memory was free inside the process. A no-op elsewhere."""
    gc.collect()
    try:
        libc = ctypes.CDLL("libc.so.6")
    except OSError:
        return
    libc.malloc_trim(0)
