"""The reports area: one province's progress-report PDF, built and rendered; skipped on request."""

import pytest

from apps.devtools.bench import reports

from .conftest import make_bench

pytestmark = pytest.mark.django_db


def test_the_province_report_is_measured_unless_skipped(tiny):
    bench, _out = make_bench("--json")
    reports.measure(bench)
    assert [f.operation for f in bench.figures] == [
        "progress-report PDF of one province (2 congresses)"
    ]
    skipped, _out = make_bench("--json", "--skip-pdf")
    reports.measure(skipped)
    assert skipped.figures == []
