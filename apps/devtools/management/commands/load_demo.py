"""Load the demo organisations, people, congresses and drafts (docs/domain.md §9); never in prod."""

import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from apps.devtools.demo import load_demo
from apps.organizations.models import Role


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
        short_names = {org["code"]: org["short_name"] for org in spec["organizations"]}
        for person in spec["people"]:
            self.stdout.write(
                f"  {person['username']:<14} {person['full_name']} — {_roles(person, short_names)}"
            )


def _roles(person: dict, short_names: dict[str, str]) -> str:
    """The person's roles as a reader says them ("Bí thư, ĐBCA Quảng Bình"), not as codes."""
    if not person["roles"]:
        return "superuser: trang quản trị /admin/"
    return "; ".join(
        f"{Role(role).label}, {short_names.get(code, code)}" for code, role, *_ in person["roles"]
    )
