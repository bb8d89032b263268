"""The generate_dataset command: the tree of the size asked, under the prefix asked, and what it
made printed as one line."""

import io
import re

import pytest
from django.core.management import call_command

from apps.congresses.models import Congress
from apps.organizations.models import Organization
from tests.factories import term

pytestmark = pytest.mark.django_db


def test_generates_and_reports_what_it_made():
    term("2025-2030")
    out = io.StringIO()
    call_command(
        "generate_dataset",
        *("--provinces", "2", "--committees", "1", "--cells", "2", "--prefix", "T"),
        stdout=out,
    )
    line = out.getvalue().strip()
    found = re.fullmatch(
        r"(\d+) organisations, (\d+) users, (\d+) congresses, (\d+) rounds, (\d+) circulations, "
        r"(\d+) reports in [\d.]+ s",
        line,
    )
    assert found, line
    organisations, _users, congresses = (int(found[i]) for i in (1, 2, 3))
    assert organisations == Organization.objects.filter(code__startswith="T").count()
    assert organisations == 1 + 2 * (1 + 1 * (1 + 2))  # root, provinces, committees, cells
    assert congresses == Congress.objects.count() > 0
    assert Organization.objects.filter(code="TCATW").exists()
