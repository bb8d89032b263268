"""The home page area: the page read by a provincial secretary and a central standing member,
cached and right after a change; a figure over the goal is said so."""

import pytest

from apps.devtools.bench import home

from .conftest import make_bench

pytestmark = pytest.mark.django_db


def test_four_figures_cached_and_uncached(tiny):
    bench, _out = make_bench("--json")
    home.measure(bench)
    assert [f.operation for f in bench.figures] == [
        "home page (secretary of G00)",
        "home page (secretary of G00), uncached",
        "home page (root standing member)",
        "home page (root standing member), uncached",
    ]
    cached, uncached = bench.figures[0], bench.figures[1]
    assert uncached.queries > cached.queries > 0


def test_a_figure_over_the_goal_is_said_so(tiny, monkeypatch):
    monkeypatch.setattr(home, "GOAL_MS", -1.0)
    bench, out = make_bench()
    home.measure(bench)
    assert out.getvalue().count("  over the goal of -1 ms") == 2
