"""Benchmarks on the generated national data set (generate_dataset): each operation's median and
p95 time, its query count, and two ratios: to the issue's floor (the grouped facts query, or the
bare SQL of the rows a page shows) and to the operation's own reads replayed as bare SQL.

The measurements are the areas of apps/devtools/bench (one module each), run in their order.
Writes are rolled back after each repetition so runs stay comparable and the data unchanged.
"""

from __future__ import annotations

import json
from dataclasses import asdict

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from apps.core.dates import local_today
from apps.devtools.bench.figures import HEAD, row
from apps.devtools.bench.registry import areas
from apps.devtools.bench.session import Bench
from apps.organizations.models import Organization


class Command(BaseCommand):
    help = "Đo hiệu năng trên dữ liệu sinh bởi generate_dataset (PostgreSQL)."

    def add_arguments(self, parser):
        parser.add_argument("--json", action="store_true")
        parser.add_argument("--repeat", type=int, default=7)
        parser.add_argument("--prefix", default="G")
        parser.add_argument(
            "--only",
            default="",
            help="chỉ đo các phần này (mô-đun trong apps/devtools/bench, cách nhau dấu phẩy)",
        )
        for measured in areas():
            if measured.arguments:
                measured.arguments(parser)

    def handle(self, *args, **o):
        if connection.vendor != "postgresql":
            raise CommandError("Chạy benchmark trên PostgreSQL (DATABASE_URL).")
        prefix = o["prefix"]
        root = Organization.objects.filter(code=f"{prefix}CATW").first()
        if root is None:
            raise CommandError("Chưa có dữ liệu: chạy manage.py generate_dataset trước.")
        bench = Bench(
            options=o,
            stdout=self.stdout,
            root=root,
            province=Organization.objects.get(code=f"{prefix}00"),
            today=local_today(),
        )
        if bench.printing:
            self.stdout.write(row(HEAD))
        only = {name for name in o["only"].split(",") if name}
        for measured in areas():
            if not only or measured.name in only:
                measured.measure(bench)
        if not bench.printing:
            self.stdout.write(
                json.dumps([asdict(f) for f in bench.figures], ensure_ascii=False, indent=2)
            )
