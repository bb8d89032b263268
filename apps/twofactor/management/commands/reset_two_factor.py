"""An administrator clears a user's second factor (lost phone and lost recovery codes)."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from apps.twofactor.services import second_factor_reset


class Command(BaseCommand):
    help = "Xóa thiết bị xác thực hai lớp và mã dự phòng của một người dùng."

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username: str, **options):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"Không có người dùng “{username}”.")
        second_factor_reset(actor=None, user=user)
        self.stdout.write(f"Đã đặt lại xác thực hai lớp của {username}.")
