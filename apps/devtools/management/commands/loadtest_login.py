"""Sign in to a running portal through its pages and print the session cookie (load test)."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from apps.devtools.generator import PASSWORD
from apps.devtools.signin import SignInFailed, sign_in


class Command(BaseCommand):
    help = "Đăng nhập qua biểu mẫu (mật khẩu, rồi mã hai lớp) và in cookie phiên (kiểm thử tải)."

    def add_arguments(self, parser):
        parser.add_argument("--url", required=True, help="http://127.0.0.1:PORT")
        parser.add_argument("--username", required=True)
        parser.add_argument("--password", default=PASSWORD)
        parser.add_argument(
            "--secret-file",
            help="nơi giữ khóa bí mật của ứng dụng xác thực (mặc định: VAR_DIR/loadtest-totp-…)",
        )

    def handle(self, *args, **o):
        secret_file = Path(o["secret_file"] or settings.VAR_DIR / f"loadtest-totp-{o['username']}")
        try:
            session = sign_in(o["url"], o["username"], o["password"], secret_file)
        except (SignInFailed, OSError) as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(session)
