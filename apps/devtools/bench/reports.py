"""The progress-report PDF of one province, built and rendered in process."""

from __future__ import annotations

from argparse import ArgumentParser

from apps.congresses.models import Congress
from apps.reports.builders import build_progress
from apps.reports.rendering import render_pdf

from .registry import area
from .session import Bench


def arguments(parser: ArgumentParser) -> None:
    parser.add_argument(
        "--skip-pdf", action="store_true", help="bỏ qua báo cáo PDF (quy mô 300.000)"
    )


@area(40, arguments=arguments)
def measure(bench: Bench) -> None:
    if bench.options["skip_pdf"]:
        return
    province, user, today = bench.province, bench.provincial, bench.today

    def progress_pdf() -> bytes:
        built = build_progress(province, user=user, number=None, day=today)
        return render_pdf(built.template, built.context)

    size = Congress.objects.filter(organization__path__startswith=province.path).count() - 1
    bench.add(f"progress-report PDF of one province ({size} congresses)", progress_pdf, reps=3)
