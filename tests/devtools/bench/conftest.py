"""A benchmark run on a tiny generated tree: the options the command would parse (its own
parser, every area's arguments included) and a Bench over the tree's root and first province."""

from __future__ import annotations

import io

import pytest
from django.core.management.base import OutputWrapper

from apps.core.dates import local_today
from apps.devtools.bench.session import Bench
from apps.devtools.generator import generate
from apps.devtools.management.commands.benchmark import Command
from apps.organizations.models import Organization
from tests.factories import term


def options(*args: str) -> dict:
    parser = Command().create_parser("manage.py", "benchmark")
    return vars(parser.parse_args(["--repeat", "1", *args]))


def make_bench(*args: str) -> tuple[Bench, io.StringIO]:
    out = io.StringIO()
    bench = Bench(
        options=options(*args),
        stdout=OutputWrapper(out),
        root=Organization.objects.get(code="GCATW"),
        province=Organization.objects.get(code="G00"),
        today=local_today(),
    )
    return bench, out


@pytest.fixture
def tiny(db):
    """Two provinces, one committee each with one cell, a congress for each organisation."""
    term("2025-2030")
    return generate(provinces=2, committees=1, cells=1)
