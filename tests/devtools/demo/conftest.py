"""The demo world, loaded once per test from the fixture file the load_demo command reads."""

import json

import pytest
from django.conf import settings

from apps.devtools.demo import load_demo
from tests.factories import term


def demo_spec() -> dict:
    return json.loads((settings.BASE_DIR / "fixtures" / "demo.json").read_text(encoding="utf-8"))


@pytest.fixture
def demo(db):
    term("2020-2025"), term("2025-2030")
    spec = demo_spec()
    assert load_demo(spec) is True
    return spec
