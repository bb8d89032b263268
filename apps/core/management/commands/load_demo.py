"""Load the demo organisations, people, congresses and drafts (DESIGN.md §6); never in prod."""

import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from apps.core.demo import load_demo


class Command(BaseCommand):
    help = "Nạp dữ liệu mẫu (chỉ dùng cho môi trường thử nghiệm)."

    def add_arguments(self, parser):
        parser.add_argument("--file", default=str(settings.BASE_DIR / "fixtures" / "demo.json"))

    def handle(self, *args, **options):
        if not settings.DEMO_DATA_ALLOWED:
            raise CommandError("Dữ liệu mẫu bị cấm trong cấu hình này (production).")
        spec = json.loads(Path(options["file"]).read_text(encoding="utf-8"))
        created = load_demo(spec)
        if created:
            self.stdout.write(self.style.SUCCESS("Đã nạp dữ liệu mẫu."))
        else:
            self.stdout.write("Dữ liệu mẫu đã có sẵn; không nạp lại.")
        self.stdout.write(f"Tài khoản mẫu (mật khẩu: {spec['password']}):")
        for person in spec["people"]:
            roles = ", ".join(f"{r[1]}@{r[0]}" for r in person["roles"]) or "superuser"
            self.stdout.write(f"  {person['username']:<14} {person['full_name']} — {roles}")
