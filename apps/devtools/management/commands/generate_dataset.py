import time

from django.core.management.base import BaseCommand

from apps.devtools.generator import generate, passwords_rehash


class Command(BaseCommand):
    help = "Sinh dữ liệu toàn quốc (≥ 13.000 tổ chức) để đo hiệu năng; lặp lại được theo --seed."

    def add_arguments(self, parser):
        parser.add_argument("--provinces", type=int, default=63)
        parser.add_argument("--committees", type=int, default=30)
        parser.add_argument("--cells", type=int, default=6)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--prefix", default="G", help="tiền tố mã tổ chức sinh ra")
        parser.add_argument(
            "--rehash-passwords",
            action="store_true",
            help="chỉ băm lại mật khẩu người dùng của bộ dữ liệu đã có (băm của production)",
        )

    def handle(self, *args, **o):
        started = time.perf_counter()
        if o["rehash_passwords"]:
            count = passwords_rehash(prefix=o["prefix"])
            self.stdout.write(f"{count} users re-hashed in {time.perf_counter() - started:.1f} s")
            return
        result = generate(
            provinces=o["provinces"],
            committees=o["committees"],
            cells=o["cells"],
            seed=o["seed"],
            prefix=o["prefix"],
        )
        self.stdout.write(
            f"{result.organizations} organisations, {result.users} users, "
            f"{result.congresses} congresses, "
            f"{result.rounds} rounds, {result.circulations} circulations, {result.reports} reports "
            f"in {time.perf_counter() - started:.1f} s"
        )
