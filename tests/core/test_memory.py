"""apps.core.memory: the collector is paused only for the block, and only re-enabled if it was."""

import ctypes
import gc
import os
import subprocess
import sys
from pathlib import Path

import pytest

from apps.core.memory import collected_once, collector_paused, release_memory


@pytest.fixture
def collector_state():
    was = gc.isenabled()
    yield
    (gc.enable if was else gc.disable)()


def test_the_collector_is_off_inside_and_on_again_after(collector_state):
    gc.enable()
    with collector_paused():
        assert not gc.isenabled()
    assert gc.isenabled()
    assert gc.get_freeze_count() == 0  # nothing left frozen


def test_the_collector_is_back_on_after_an_error(collector_state):
    gc.enable()
    with pytest.raises(ValueError), collector_paused():
        raise ValueError("boom")
    assert gc.isenabled()


def test_a_collector_already_off_stays_off(collector_state):
    gc.disable()
    with collector_paused():
        assert not gc.isenabled()
    assert not gc.isenabled()


def test_release_memory_frees_unreachable_cycles():
    class Node:
        pass

    gc.collect()
    a, b = Node(), Node()
    a.other, b.other = b, a
    del a, b
    assert any(type(o).__name__ == "Node" for o in gc.get_objects())
    release_memory()
    assert not any(type(o).__name__ == "Node" for o in gc.get_objects())


class Node:
    def __init__(self) -> None:
        self.me = self  # a reference cycle: only the cyclic collector frees it


def test_collected_once_pauses_the_collector_then_frees_the_cycles_the_work_made():
    gc.collect()
    assert gc.isenabled()
    with collected_once():
        assert not gc.isenabled()
        for _ in range(5_000):  # far more than a young collection's threshold (700)
            Node()
        assert sum(isinstance(o, Node) for o in gc.get_objects()) == 5_000  # nothing collected
    assert gc.isenabled()
    assert not any(isinstance(o, Node) for o in gc.get_objects())  # collected once, at the end


def test_collected_once_inside_a_paused_caller_leaves_the_caller_in_charge():
    gc.collect()
    with collector_paused():
        with collected_once():
            Node()
        assert not gc.isenabled()  # still the caller's pause
        assert sum(isinstance(o, Node) for o in gc.get_objects()) == 1  # not collected here
    assert gc.isenabled()
    gc.collect()
    assert not any(isinstance(o, Node) for o in gc.get_objects())


class MallInfo(ctypes.Structure):
    _fields_ = [
        (name, ctypes.c_size_t)
        for name in (
            "arena",
            "ordblks",
            "smblks",
            "hblks",
            "hblkhd",
            "usmblks",
            "fsmblks",
            "uordblks",
            "fordblks",
            "keepcost",
        )
    ]


def _mapped_bytes() -> int:
    """Bytes glibc holds in mappings of their own (big blocks), by mallinfo2."""
    libc = ctypes.CDLL("libc.so.6")
    libc.mallinfo2.restype = MallInfo
    return libc.mallinfo2().hblkhd


# In a fresh interpreter: in this one, a big block freed by an earlier test may still sit in the
# heap, and glibc serves a big request from a free heap block whatever its mapping threshold.
_HEAP_KEPT_PROBE = """
import ctypes
from tests.core.test_memory import _mapped_bytes
from apps.core.memory import heap_kept, release_memory
size = 8 * 1024 * 1024
before = _mapped_bytes()
with heap_kept():
    block = bytearray(size)  # inside: from the heap, reused after it is freed
    inside = _mapped_bytes() - before
    del block
release_memory()  # as a job ends: the kept memory goes back to the system
block = bytearray(size)  # after: glibc's default, a mapping of its own
print(inside, _mapped_bytes() - before)
"""


@pytest.mark.skipif(not hasattr(ctypes.CDLL(None), "mallinfo2"), reason="glibc ≥ 2.33 only")
def test_heap_kept_serves_big_blocks_from_the_heap_then_glibcs_defaults_again():
    root = Path(__file__).resolve().parents[2]
    run = subprocess.run(
        [sys.executable, "-c", _HEAP_KEPT_PROBE],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "congress_portal.settings.test"},
    )
    assert run.returncode == 0, run.stderr
    inside, after = (int(n) for n in run.stdout.split())
    size = 8 * 1024 * 1024
    assert inside < size  # from the heap
    assert after >= size  # a mapping of its own again
