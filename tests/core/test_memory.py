"""apps.core.memory: the collector is paused only for the block, and only re-enabled if it was."""

import gc

import pytest

from apps.core.memory import collector_paused, release_memory


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
