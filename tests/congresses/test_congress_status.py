"""The congress_status command: every congress of a subtree with its rules' statuses on a day,
as JSON for scripts or as a table for a person; a bad date or code refused."""

import datetime as dt
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from apps.congresses import services
from tests.factories import CongressFactory, approved_plan, circulate_required

pytestmark = pytest.mark.django_db
D = dt.date


def test_congress_status_command_json(tree, capsys):
    c = CongressFactory(organization=tree.qb, opening_date=D(2020, 6, 30))
    circulate_required(c, D(2020, 5, 31))
    approved_plan(c)
    report = services.superior_report_submit(
        actor=tree.qb_secretary, congress=c, today=D(2020, 6, 11)
    )
    services.superior_report_decide(
        actor=tree.central_standing, report=report, decision="approved", today=D(2020, 6, 12)
    )
    CongressFactory(organization=tree.ht, opening_date=D(2020, 7, 30))
    call_command("congress_status", "--at", "2020-06-15", "--org", "QB", "--format", "json")
    rows = json.loads(capsys.readouterr().out)
    assert len(rows) == 1
    row = rows[0]
    assert row["org_code"] == "QB" and row["congress_id"] == c.pk and row["term"] == "2020-2025"
    assert row["opening_date"] == "2020-06-30" and row["status"] == "approved"
    assert row["rules"]["R30"] == {
        "deadline": "2020-05-31",
        "status": "done",
        "done_on": "2020-05-31",
    }
    assert row["rules"]["R20"] == {
        "deadline": "2020-06-10",
        "status": "done_late",
        "done_on": "2020-06-11",
    }
    assert row["rules"]["RA"] == {
        "deadline": "2020-06-30",
        "status": "done",
        "done_on": "2020-06-12",
    }
    assert row["can_open"] is False and len(row["reasons"]) == 1
    assert row["earliest_lawful_opening"] == "2020-07-01"


def test_the_table_has_a_line_per_congress_and_a_total(tree, capsys):
    CongressFactory(organization=tree.ptm, opening_date=D(2020, 6, 30))
    CongressFactory(organization=tree.ankt, opening_date=D(2020, 7, 30))
    CongressFactory(organization=tree.ht, opening_date=D(2020, 7, 30))
    call_command("congress_status", "--at", "2020-06-15", "--org", "QB")
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == ["org", "opening", "status", "R30", "R20", "RA", "can_open"]
    assert [line.split()[0] for line in lines[1:-1]] == ["QB-PTM", "QB-ANKT"]
    assert lines[1].split()[1] == "2020-06-30" and lines[1].split()[-1] == "no"
    assert lines[-1] == "2 congresses at 2020-06-15"
    call_command("congress_status", "--at", "2020-06-15", "--format", "json")
    assert len(json.loads(capsys.readouterr().out)) == 3  # the whole tree


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--at", "15/06/2020"], "--at phải có dạng YYYY-MM-DD"),
        (["--org", "NOPE"], "Không có tổ chức mã NOPE"),
    ],
)
def test_a_bad_date_or_code_is_refused(tree, args, message):
    with pytest.raises(CommandError, match=message):
        call_command("congress_status", *args)
