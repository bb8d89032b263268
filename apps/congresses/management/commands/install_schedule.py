from django.core.management.base import BaseCommand

from apps.congresses.schedule import install_schedule


class Command(BaseCommand):
    help = "Cài lịch Celery beat: quét hạn đại hội lúc 06:00 hằng ngày (Asia/Ho_Chi_Minh)."

    def handle(self, *args, **options):
        created = install_schedule()
        self.stdout.write(
            "Đã cài lịch quét hạn." if created else "Lịch quét hạn đã có; đã kiểm tra."
        )
