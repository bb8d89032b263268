"""The install_schedule command: the beat entries made once, repaired when edited, and said so."""

import pytest
from django.core.management import call_command
from django_celery_beat.models import PeriodicTask

from apps.congresses.schedule import EMAIL_NAME, SWEEP_NAME

pytestmark = pytest.mark.django_db


def test_installs_then_checks(capsys):
    call_command("install_schedule")
    assert capsys.readouterr().out.strip() == "Đã cài lịch quét hạn."
    call_command("install_schedule")
    assert capsys.readouterr().out.strip() == "Lịch quét hạn đã có; đã kiểm tra."
    assert set(PeriodicTask.objects.values_list("name", flat=True)) >= {SWEEP_NAME, EMAIL_NAME}
