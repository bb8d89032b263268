"""The credentials board's report is made from the whole list: not while a unit has still to
record its election of delegates (it would print a total summoned that is not the congress's)."""

from __future__ import annotations

import pytest

from apps.delegates.allocation import allocation_prepare
from apps.delegates.credentials import credentials_board_set
from apps.reports.builders import ReportKind
from apps.reports.models import IssuedDocument
from apps.reports.services import report_available, report_issue
from tests.delegates.province import COUNTS_AS_OF, DECIDED, OPENING, TODAY, make_province
from tests.delegates.test_scenario import record_unit

pytestmark = pytest.mark.django_db


def test_the_report_waits_for_every_unit_and_names_the_ones_missing():
    p = make_province(units=3, committee=3, code="R")
    allocation = allocation_prepare(
        actor=p.secretary,
        congress=p.congress,
        seats=9,
        counts_as_of=COUNTS_AS_OF,
        decided_on=DECIDED,
        today=TODAY,
    )
    report_issue(user=p.officer, kind=ReportKind.DELEGATE_ALLOCATION, obj=p.congress, day=TODAY)
    credentials_board_set(
        actor=p.secretary, congress=p.congress, head="Trưởng Ban", members="", report_date=OPENING
    )
    shares = {s.organization_id: s for s in allocation.shares.all()}
    record_unit(p, 0, shares[p.units[0].pk], seed=0)

    problem = report_available(ReportKind.CREDENTIALS, p.congress)
    assert problem is not None
    assert "2 đơn vị chưa ghi kết quả bầu đại biểu" in problem
    assert p.units[1].name in problem and p.units[2].name in problem
    assert p.units[0].name not in problem
    issued = IssuedDocument.objects.count()

    for i in (1, 2):
        record_unit(p, i, shares[p.units[i].pk], seed=i)
    assert report_available(ReportKind.CREDENTIALS, p.congress) is None
    assert IssuedDocument.objects.count() == issued  # asking wrote nothing
