"""The two delegate documents (issue 22): the decision allocating delegates (QĐ, numbered in the
convening committee's register) and the credentials board's report (thẩm tra tư cách đại biểu,
a congress document signed by the board's head, not numbered in the committee's register).
Both are reports of apps.reports, contributed from here (apps.reports.extensions): issuing the
QĐ fixes the allocation and tells each subordinate its seats, in the numbering transaction."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from apps.congresses.models import Congress
from apps.organizations.selectors import parent_of
from apps.reports.builders import Built, ReportKind, frame, register_builder
from apps.reports.extensions import ReportRules, register_report_rules
from apps.reports.models import DocType, IssuedDocument
from apps.reports.rendering import header_name

from .allocation import allocation_issued, allocation_problem
from .models import Allocation, AllocationShare, CredentialsBoard, DelegateStatus
from .permissions import may_view_allocation, may_view_delegates
from .selectors import allocation_page, delegate_list


def delegate_allocation(congress: Congress, *, user, number, day) -> Built:
    """QĐ phân bổ đại biểu: the standing committee of the convening organisation decides, dated
    on the day it decided (not the day someone typed it)."""
    org = congress.organization
    page = allocation_page(congress)
    allocation = page.allocation
    assert allocation is not None  # report_available refuses first
    superior = parent_of(org)
    title = f"{congress.get_kind_display()} {org.name} lần thứ {congress.ordinal}"
    context = frame(
        issuer=org,
        doc_type=DocType.QD,
        doc_title="QUYẾT ĐỊNH",
        summary=f"phân bổ đại biểu dự {title}, nhiệm kỳ {congress.term}",
        user=user,
        number=number,
        day=allocation.decided_on,
        recipients=[
            *([f"Ban Thường vụ {superior.committee_name}"] if superior else []),
            "Các đảng bộ, chi bộ trực thuộc",
        ],
    )
    context.update(
        congress=congress,
        congress_title=title,
        org=org,
        allocation=allocation,
        shares=page.shares,
        total_members=page.total_members,
        total_alternates=page.shared_alternates,
        adjusted=[s for s in page.shares if s.is_adjusted],
        percent=congress.term.rule_set.delegate_alternates_percent,
    )
    return Built(
        "reports/delegate_allocation.html",
        context,
        org,
        congress.term,
        DocType.QD,
        context["title"],
    )


def credentials_report(congress: Congress, *, user, number, day) -> Built:
    """The credentials board's report at the preparatory session: who was summoned, who was
    replaced or found without standing and why, and the composition of the seated delegates
    at the opening date. Signed "T/M BAN THẨM TRA TƯ CÁCH ĐẠI BIỂU / TRƯỞNG BAN"."""
    org = congress.organization
    board = CredentialsBoard.objects.get(congress=congress)
    listing = delegate_list(congress)
    context = frame(
        issuer=org,
        doc_type=DocType.BC,
        doc_title="BÁO CÁO",
        summary=(
            f"thẩm tra tư cách đại biểu dự {congress.get_kind_display()} {org.name} "
            f"lần thứ {congress.ordinal}, nhiệm kỳ {congress.term}"
        ),
        user=user,
        number=None,
        day=board.report_date,
        recipients=["Đoàn Chủ tịch Đại hội", "Các đại biểu dự Đại hội"],
        numbered=False,
    )
    context.update(
        superior_name=header_name(org.name),
        congress_line=header_name(f"{congress.get_kind_display()} lần thứ {congress.ordinal}"),
        # Through header_name like every body's name: "ĐẠI BIỂU" never splits over two lines
        # of the narrow header column (it printed "ĐẠI" and "BIỂU" on two).
        issuer_name=header_name("Ban Thẩm tra tư cách đại biểu"),
        signature_lines=[header_name("T/M Ban Thẩm tra tư cách đại biểu"), "TRƯỞNG BAN"],
        signer_name=board.head,
        recipients=["Đoàn Chủ tịch Đại hội", "Các đại biểu dự Đại hội"],
    )
    everyone = [d for block in listing.blocks for d in block.delegates]
    seated = [d for d in everyone if d.is_official]
    context.update(
        congress=congress,
        listing=listing,
        by_right=sum(1 for d in everyone if d.kind == "by_right" and d.is_official),
        elected=listing.official
        - sum(1 for d in everyone if d.kind == "by_right" and d.is_official),
        sources=sum(1 for b in listing.blocks if b.seats is not None and b.delegates),
        replaced=[d for d in everyone if d.replaced_by_id],
        disqualified=[d for d in everyone if d.status == DelegateStatus.DISQUALIFIED],
        composition=listing.composition,
        # Counted honestly under "Chưa rõ", and said why under the composition.
        unstated=sum(1 for d in seated if not d.sex or not (d.ethnicity or "").strip()),
    )
    return Built(
        "reports/credentials.html", context, org, congress.term, DocType.BC, context["title"]
    )


def _may_read_allocation(user: Any, congress: Congress) -> bool:
    shares = list(
        AllocationShare.objects.filter(allocation__congress=congress).values_list(
            "organization_id", flat=True
        )
    )
    return may_view_allocation(user, congress, shares)


def _allocation_missing(congress: Congress) -> str | None:
    if not Allocation.objects.filter(congress=congress).exists():
        return _("Chưa phân bổ đại biểu.")
    return None


def _credentials_not_ready(congress: Congress) -> str | None:
    """The board reports on the whole list: a report made while units have still to elect
    would print a total summoned that is not the congress's ("6" for a congress of 150)."""
    if not CredentialsBoard.objects.filter(congress=congress).exists():
        return _("Chưa ghi Ban thẩm tra tư cách đại biểu và ngày báo cáo.")
    waiting = list(
        AllocationShare.objects.filter(allocation__congress=congress)
        .exclude(election__recorded_at__isnull=False)
        .order_by("organization__path")
        .values_list("organization__name", flat=True)
    )
    if waiting:
        return _(
            "Chưa thể lập báo cáo thẩm tra: %(count)d đơn vị chưa ghi kết quả bầu đại biểu "
            "(%(names)s)."
        ) % {"count": len(waiting), "names": ", ".join(waiting)}
    return None


def _allocation_issued(*, user: Any, obj: Congress, issued: IssuedDocument) -> None:
    allocation_issued(
        actor=user, congress=obj, number_symbol=issued.number_symbol, day=issued.issued_on
    )


def register_documents() -> None:
    """Called once when the app is ready (apps.delegates.apps)."""
    register_builder(ReportKind.DELEGATE_ALLOCATION)(delegate_allocation)
    register_builder(ReportKind.CREDENTIALS)(credentials_report)
    register_report_rules(
        ReportKind.DELEGATE_ALLOCATION,
        ReportRules(
            may_read=_may_read_allocation,
            available=_allocation_missing,
            issue_problem=allocation_problem,
            on_issued=_allocation_issued,
            final_once_issued=True,
        ),
    )
    register_report_rules(
        ReportKind.CREDENTIALS,
        ReportRules(may_read=may_view_delegates, available=_credentials_not_ready),
    )
