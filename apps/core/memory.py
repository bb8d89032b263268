"""Pausing Python's cyclic garbage collector around bulk work, and giving memory back after it.

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


@contextmanager
def collected_once() -> Iterator[None]:
    """For work that makes its own garbage in reference cycles, most of it only at the end:
    the collector paused meanwhile, and what the work allocated (all of it in the youngest
    generation, since nothing was collected) collected once when it ends.

    A WeasyPrint render is such work: laying out a 400-row table leaves about 100,000
    objects in cycles (boxes and their copies per page), and while it runs, the collections
    its allocations trigger walk every live object of the process, the report's own rows
    included, and free little: a fifth to a quarter of the render's CPU time. One
    collection of the youngest generation afterwards costs about 50 ms and frees the
    document. Inside a caller that already paused the collector, the caller decides."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.collect(0)
        gc.enable()


# glibc's mallopt parameters and their defaults (malloc.h)
_M_TRIM_THRESHOLD, _M_MMAP_THRESHOLD = -1, -3
_DEFAULT_TRIM, _DEFAULT_MMAP = 128 * 1024, 128 * 1024


def _libc() -> ctypes.CDLL | None:
    try:
        return ctypes.CDLL("libc.so.6")
    except OSError:
        return None


@contextmanager
def heap_kept(size: int = 256 * 1024 * 1024) -> Iterator[None]:
    """For a job that makes and drops the same big structures again and again (a report's
    pieces): freed heap memory is kept for the next round instead of going back to the
    system, and allocations under 32 MB come from the heap, not from a mapping of their own.

    In a freshly forked worker child, glibc otherwise handed each piece's memory back and
    took it again for the next: four times the page faults of the same job in its parent
    (1.9 million for the national report), 7 to 13 s of kernel time out of 60 to 70. The
    memory is given back when the job ends (`release_memory`), and glibc's defaults are set
    again. A no-op without glibc."""
    libc = _libc()
    if libc is None:
        yield
        return
    libc.mallopt(_M_TRIM_THRESHOLD, size)
    libc.mallopt(_M_MMAP_THRESHOLD, 32 * 1024 * 1024)
    try:
        yield
    finally:
        libc.mallopt(_M_TRIM_THRESHOLD, _DEFAULT_TRIM)
        libc.mallopt(_M_MMAP_THRESHOLD, _DEFAULT_MMAP)


def release_memory() -> None:
    """After a big job: collect cycles, then ask glibc to hand freed heap pages back to the
    system (`malloc_trim`). Without it a worker that rendered 900 pages kept its peak resident
    size long after, although the memory was free inside the process. A no-op elsewhere."""
    gc.collect()
    libc = _libc()
    if libc is not None:
        libc.malloc_trim(0)
