import threading
import time

from django.template import Context, Template

TEMPLATE = Template(
    "{% load single_flight_cache %}"
    "{% cache_once 60 table key %}<b>{{ rows }}</b>{% endcache_once %}"
)


class SlowRows:
    """What a fragment shows, counting how often it is rendered."""

    def __init__(self, pause: float = 0.0) -> None:
        self.renders = 0
        self.pause = pause

    def __str__(self) -> str:
        self.renders += 1
        time.sleep(self.pause)
        return f"rendered {self.renders}"


def test_the_fragment_is_rendered_once_per_key_and_read_back_after():
    rows = SlowRows()
    assert TEMPLATE.render(Context({"rows": rows, "key": "v1"})) == "<b>rendered 1</b>"
    assert TEMPLATE.render(Context({"rows": rows, "key": "v1"})) == "<b>rendered 1</b>"
    assert TEMPLATE.render(Context({"rows": rows, "key": "v2"})) == "<b>rendered 2</b>"
    assert rows.renders == 2


def test_identical_fragments_asked_at_once_are_rendered_once():
    rows = SlowRows(pause=0.3)
    barrier = threading.Barrier(4)
    pages: list[str] = []

    def request() -> None:
        barrier.wait()
        pages.append(TEMPLATE.render(Context({"rows": rows, "key": "after-change"})))

    threads = [threading.Thread(target=request) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(10)
    assert rows.renders == 1
    assert pages == ["<b>rendered 1</b>"] * 4
