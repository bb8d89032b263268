"""The deadline_sweep command: the sweep on a day (today by default), its count first, and run
again the same day it creates nothing; a bad date refused."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from freezegun import freeze_time

from apps.notifications.models import Notification
from tests.factories import CongressFactory

pytestmark = pytest.mark.django_db
D = dt.date


def test_command_prints_the_count_first_and_is_idempotent(tree, capsys):
    CongressFactory(organization=tree.qb, opening_date=D(2020, 6, 30))
    call_command("deadline_sweep", "--at", "2020-06-01")
    first = capsys.readouterr().out.splitlines()[0]
    assert first.endswith("notifications created") and int(first.split()[0]) > 0
    call_command("deadline_sweep", "--at", "2020-06-01")
    assert capsys.readouterr().out.splitlines()[0] == "0 notifications created"


def test_the_second_line_counts_the_congresses_not_yet_opened(tree, capsys):
    CongressFactory(organization=tree.qb, opening_date=D(2020, 6, 30))
    CongressFactory(organization=tree.ht, opening_date=D(2020, 5, 1), status="in_session")
    call_command("deadline_sweep", "--at", "2020-04-01")  # nothing owed yet
    assert capsys.readouterr().out.splitlines() == [
        "0 notifications created",
        "1 congresses not yet opened checked at 2020-04-01",
    ]


def test_without_a_date_it_sweeps_today_in_vietnam(tree, capsys):
    CongressFactory(organization=tree.qb, opening_date=D(2020, 6, 30))
    with freeze_time("2020-05-31 18:00:00+00:00"):  # 01/06 01:00 in Hà Nội
        call_command("deadline_sweep")
    assert capsys.readouterr().out.splitlines()[1].endswith("checked at 2020-06-01")
    assert Notification.objects.exists()


def test_a_bad_date_is_refused_and_nothing_sent(tree):
    CongressFactory(organization=tree.qb, opening_date=D(2020, 6, 30))
    with pytest.raises(CommandError, match="--at phải có dạng YYYY-MM-DD"):
        call_command("deadline_sweep", "--at", "01/06/2020")
    assert not Notification.objects.exists()
