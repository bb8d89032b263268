"""The shape shared by the import commands: read a file, run an importer, report, exit status."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError


class ImportCommand(BaseCommand):
    # A function (data, filename, *, actor, dry_run) -> ImportResult, set by each command.
    importer: Callable[..., Any]

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--dry-run", action="store_true", help="kiểm tra, không ghi gì")
        parser.add_argument(
            "--actor",
            metavar="USERNAME",
            help=(
                "nhập với quyền của người này (phạm vi, vai trò được cấp) và ghi nhật ký tên họ; "
                "bỏ trống: người vận hành máy chủ"
            ),
        )

    def handle(self, *args, **options):
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"Không có tệp {path}")
        actor = None
        if options["actor"]:
            actor = get_user_model().objects.filter(username=options["actor"]).first()
            if actor is None:
                raise CommandError(f"Không có người dùng {options['actor']}")
        started = time.perf_counter()
        result = type(self).importer(
            path.read_bytes(), path.name, actor=actor, dry_run=options["dry_run"]
        )
        elapsed = time.perf_counter() - started
        for error in result.listed_errors:
            self.stderr.write(str(error))
        if result.unlisted_count:
            self.stderr.write(f"… và {result.unlisted_count} lỗi khác.")
        if result.errors:
            raise CommandError(f"{len(result.errors)} lỗi; không ghi dòng nào.")
        for note in result.notes:
            self.stdout.write(note)
        prefix = "Kiểm tra (không ghi): " if options["dry_run"] else ""
        self.stdout.write(f"{prefix}{result.summary()} ({elapsed:.1f} s)")
