"""apps/delegates/documents.py: the decision allocating delegates and the credentials board's
report, read through their PDF text; who may read each, and when each can be made (the
credentials report not while a unit has still to record its election of delegates: it would
print a total summoned that is not the congress's)."""

from __future__ import annotations

import pytest

from apps.core.errors import DomainError, PermissionDenied
from apps.delegates.allocation import allocation_adjust, allocation_prepare
from apps.delegates.credentials import credentials_board_set, delegate_disqualify, delegate_replace
from apps.delegates.models import Delegate
from apps.reports.builders import ReportKind
from apps.reports.models import IssuedDocument
from apps.reports.services import report_available, report_issue, report_preview
from tests.delegates.province import COUNTS_AS_OF, DECIDED, OPENING, TODAY, make_province
from tests.delegates.steps import full_list, prepared
from tests.delegates.test_scenario import record_unit
from tests.reports.pdf import flat

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


def test_the_allocation_decision_is_dated_the_day_decided_and_lists_every_share(small):
    allocation = prepared(small)
    shares = {s.organization_id: s for s in allocation.shares.all()}
    a, b, c = small.units
    move = {a.pk: shares[a.pk].seats - 1, c.pk: shares[c.pk].seats + 1}
    allocation_adjust(
        actor=small.officer, congress=small.congress, seats=move, reason="Đơn vị trọng điểm"
    )

    pdf, built = report_preview(
        user=small.secretary, kind=ReportKind.DELEGATE_ALLOCATION, obj=small.congress
    )

    text = flat(pdf)
    assert (
        "QUYẾT ĐỊNH phân bổ đại biểu dự Đại hội đại biểu Đảng bộ Công an tỉnh QB lần thứ XII"
        in text
    )
    assert "ngày 15 tháng 4 năm 2020" in text  # DECIDED, not the day it was printed
    assert "Triệu tập 10 đại biểu chính thức" in text
    assert "gồm 3 đại biểu đương nhiên" in text and "7 đại biểu do đại hội" in text
    assert "tính đến ngày 31/03/2020" in text
    for unit in small.units:
        assert unit.name in text
    assert "Đơn vị trọng điểm" in text
    assert "BẢN XEM TRƯỚC — CHƯA CẤP SỐ" in text
    assert built.context["adjusted"] and {s.organization_id for s in built.context["adjusted"]} == {
        a.pk,
        c.pk,
    }


def test_the_allocation_decision_is_read_by_the_subordinates_the_list_is_not(small):
    prepared(small)
    unit_secretary = small.unit_secretaries[0]
    pdf, _built = report_preview(
        user=unit_secretary, kind=ReportKind.DELEGATE_ALLOCATION, obj=small.congress
    )
    assert "QUYẾT ĐỊNH" in flat(pdf)
    credentials_board_set(
        actor=small.secretary,
        congress=small.congress,
        head="Trưởng Ban",
        members="",
        report_date=OPENING,
    )
    with pytest.raises(PermissionDenied):
        report_preview(user=unit_secretary, kind=ReportKind.CREDENTIALS, obj=small.congress)
    with pytest.raises(PermissionDenied):
        report_preview(user=small.member, kind=ReportKind.DELEGATE_ALLOCATION, obj=small.congress)


def test_neither_document_before_its_facts(small):
    with pytest.raises(DomainError, match="Chưa phân bổ đại biểu"):
        report_preview(
            user=small.secretary, kind=ReportKind.DELEGATE_ALLOCATION, obj=small.congress
        )
    prepared(small)
    assert report_available(ReportKind.CREDENTIALS, small.congress) == (
        "Chưa ghi Ban thẩm tra tư cách đại biểu và ngày báo cáo."
    )


def test_the_credentials_report_names_who_was_replaced_or_disqualified_and_why(small):
    full_list(small)
    credentials_board_set(
        actor=small.secretary,
        congress=small.congress,
        head="Hoàng Văn Thẩm",
        members="Ủy viên Một\nỦy viên Hai",
        report_date=OPENING,
    )
    absent = Delegate.objects.get(source=small.units[0], vote_rank=1)
    alternate = delegate_replace(
        actor=small.officer, congress=small.congress, delegate=absent, reason="Ốm nặng"
    )
    struck = Delegate.objects.get(source=small.units[1], vote_rank=1)
    delegate_disqualify(
        actor=small.officer, congress=small.congress, delegate=struck, reason="Bị kỷ luật"
    )

    pdf, built = report_preview(
        user=small.secretary, kind=ReportKind.CREDENTIALS, obj=small.congress
    )

    text = flat(pdf)
    assert "BAN THẨM TRA TƯ CÁCH ĐẠI BIỂU" in text and "TRƯỞNG BAN" in text
    assert "Hoàng Văn Thẩm" in text
    assert absent.full_name in text and alternate.full_name in text and "Ốm nặng" in text
    assert struck.full_name in text and "Bị kỷ luật" in text
    assert "-BC/" not in text  # the congress's report: no number of the committee's register
    assert built.context["by_right"] == 3
    assert [d.pk for d in built.context["replaced"]] == [absent.pk]
    assert [d.pk for d in built.context["disqualified"]] == [struck.pk]
    assert built.context["elected"] == built.context["listing"].official - 3
