"""What each report says: one builder per kind returns its template and context.

Every rule status shown comes from apps.congresses.deadlines through facts.evaluate_all, the
same as the pages; nothing here recomputes a rule.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, NamedTuple

from django.utils import timezone, translation

from apps.congresses.facts import evaluate_all, evaluate_congress, with_rule_context
from apps.congresses.models import Congress, Term
from apps.congresses.rule_wording import rule_label, rule_short_label
from apps.congresses.selectors import congresses_visible_to, current_term
from apps.congresses.templatetags.congress_tags import status_labels
from apps.core.dates import local_today
from apps.core.memory import collector_paused
from apps.documents.models import DraftRound
from apps.documents.selectors import documents_of, round_page_data
from apps.organizations.models import Membership, Organization, Role
from apps.organizations.selectors import ancestors_of, parent_of
from apps.organizations.tree import parent_path
from apps.personnel.elections import votes_needed
from apps.personnel.models import ElectionResult, Post, Ratification
from apps.personnel.selectors import plan_for, plan_page_data

from .models import DocType
from .rendering import header_name, party_date_line, symbol


class ReportKind(StrEnum):
    SUPERIOR_REPORT = "superior-report"
    PERSONNEL_PLAN = "personnel-plan"
    CONSOLIDATION = "consolidation"
    PROGRESS = "progress"
    ELECTION_MINUTES = "election-minutes"
    RATIFICATION = "ratification"
    DRAFT_ROUND = "draft-round"
    DELEGATE_ALLOCATION = "delegate-allocation"
    CREDENTIALS = "credentials"


@dataclass
class Built:
    template: str
    context: dict
    issuer: Organization
    term: Term
    doc_type: str
    title: str
    congresses: int = 0
    extra: dict = field(default_factory=dict)


def _place(org: Organization) -> str:
    if org.place_name:
        return org.place_name
    for ancestor in reversed(list(ancestors_of(org))):
        if ancestor.place_name:
            return ancestor.place_name
    return "Hà Nội"


class Body(StrEnum):
    """On whose behalf the secretary signs (T/M …)."""

    STANDING = "standing"  # the standing committee: reports, submissions between meetings
    EXECUTIVE = "executive"  # the executive committee (Ban Chấp hành): congress documents


def _signature(
    issuer: Organization, user: Any, day: dt.date, body: Body = Body.STANDING
) -> tuple[list[str], str]:
    """T/M BAN THƯỜNG VỤ (or T/M BAN CHẤP HÀNH for the committee's own documents; T/M CHI BỘ
    for a cell) / BÍ THƯ, or K/T BÍ THƯ / PHÓ BÍ THƯ when a deputy signs."""
    leaders = {
        m.role: m.user
        for m in Membership.objects.active(day)
        .filter(organization=issuer, role__in=[Role.SECRETARY, Role.DEPUTY_SECRETARY])
        .select_related("user")
        .order_by("-role")
    }
    on_behalf = (
        "T/M CHI BỘ"
        if issuer.is_cell
        else "T/M BAN CHẤP HÀNH"
        if body == Body.EXECUTIVE
        else "T/M BAN THƯỜNG VỤ"
    )
    secretary = leaders.get(Role.SECRETARY)
    deputy = leaders.get(Role.DEPUTY_SECRETARY)
    if user is not None and deputy is not None and user.pk == deputy.pk:
        return [on_behalf, "K/T BÍ THƯ", "PHÓ BÍ THƯ"], deputy.display_name
    return [on_behalf, "BÍ THƯ"], secretary.display_name if secretary else ""


def _leading_body(org: Organization) -> str:
    """Who acts between meetings: "Ban Thường vụ Đảng ủy X", or for a cell (which has no
    standing committee) "Chi ủy Chi bộ X"."""
    if org.has_standing_committee:
        return f"Ban Thường vụ {org.committee_name}"
    return f"Chi ủy {org.name}"


def frame(
    *,
    issuer: Organization,
    doc_type: str,
    doc_title: str,
    summary: str,
    user: Any,
    number: int | None,
    day: dt.date,
    recipients: list[str],
    numbered: bool = True,
    body: Body = Body.STANDING,
) -> dict:
    """The Party-format frame every report shares (HD 36-HD/VPTW). A document that takes no
    number from the register (`numbered=False`: a draft, the counting board's minutes) shows
    no "Số …" line and no "not yet numbered" banner."""
    superior = parent_of(issuer)
    lines, signer = _signature(issuer, user, day, body)
    return {
        "issuing_body": _leading_body(issuer),
        "superior_body": _leading_body(superior) if superior else "cấp ủy cấp trên",
        "superior_name": header_name(superior.committee_name) if superior else "",
        "issuer_name": header_name(issuer.committee_name),
        "symbol": symbol(number, doc_type, issuer.issuer_code) if numbered else "",
        "date_line": party_date_line(_place(issuer), day),
        "preview": numbered and number is None,
        "doc_title": doc_title,
        "summary": summary,
        "title": f"{doc_title} {summary}".strip(),
        "signature_lines": lines,
        "signer_name": signer,
        "recipients": recipients,
    }


def superior_standing_committee(org: Organization) -> str:
    """The "Nơi nhận" line for the superior: named, as the superior reads it on a real paper
    ("Ban Thường vụ Đảng ủy Công an Trung ương"), not the generic phrase; the generic one only
    for an organisation with no superior in the tree."""
    superior = parent_of(org)
    if superior is None:
        return "Ban Thường vụ cấp ủy cấp trên"
    return f"Ban Thường vụ {superior.committee_name}"


def _rules_rows(evaluated) -> list[dict]:
    """The rules as a superior reads them: what each asks in words (day counts from the
    congress's rule set), never an internal code."""
    labels = status_labels()
    return [
        {
            "label": rule_label(code, evaluated.params),
            "deadline": r.deadline,
            "done_on": r.done_on,
            "status": labels[str(r.status)],
        }
        for code, r in evaluated.evaluation.rules.items()
        if str(code) in ("R30", "R20", "RA") or str(r.status) != "not_applicable"
    ]


def build(
    kind: str,
    obj: Any,
    *,
    user: Any,
    number: int | None,
    day: dt.date | None = None,
    term: Term | None = None,
) -> Built:
    """Build the report; `term` is the term a progress report covers (the one chosen on the
    dashboard; the current term when None). Other reports take their congress's own term."""
    day = day or local_today()
    if ReportKind(kind) == ReportKind.PROGRESS:
        return build_progress(obj, user=user, number=number, day=day, term=term)
    return BUILDERS[ReportKind(kind)](obj, user=user, number=number, day=day)


def _superior_report(congress: Congress, *, user, number, day) -> Built:
    org = congress.organization
    evaluated = evaluate_congress(congress, today=day)
    plan = plan_for(congress)
    superior = parent_of(org)
    context = frame(
        issuer=org,
        doc_type=DocType.BC,
        doc_title="BÁO CÁO",
        summary=(
            "về công tác chuẩn bị văn kiện và nhân sự Đại hội "
            f"lần thứ {congress.ordinal}, nhiệm kỳ {congress.term}"
        ),
        user=user,
        number=number,
        day=day,
        recipients=[superior_standing_committee(org)],
    )
    context.update(
        congress=congress,
        documents=list(documents_of(congress)),
        plan=plan,
        plan_data=plan_page_data(plan) if plan else None,
        rules=_rules_rows(evaluated),
        r30_counted=evaluated.evaluation["R30"],
        superior=superior,
    )
    return Built(
        "reports/superior_report.html", context, org, congress.term, DocType.BC, context["title"]
    )


def _personnel_plan(congress: Congress, *, user, number, day) -> Built:
    org = congress.organization
    plan = plan_for(congress)
    context = frame(
        issuer=org,
        doc_type=DocType.TTR,
        doc_title="TỜ TRÌNH",
        summary=f"về phương án nhân sự cấp ủy nhiệm kỳ {congress.term}",
        user=user,
        number=number,
        day=day,
        recipients=[superior_standing_committee(org), "Các đồng chí cấp ủy viên"],
    )
    plan_data = plan_page_data(plan) if plan else None
    context.update(
        congress=congress,
        plan=plan,
        plan_data=plan_data,
        proposed=_proposed_posts(plan_data["candidates"]) if plan_data else [],
    )
    return Built(
        "reports/personnel_plan.html", context, org, congress.term, DocType.TTR, context["title"]
    )


class ProposedPost(NamedTuple):
    label: str
    names: list[str]


def _proposed_posts(candidates: list) -> list[ProposedPost]:
    """Who is proposed for each leading post, in the order a submission lists them: Bí thư,
    Phó Bí thư, Ủy viên Ban Thường vụ, Ủy viên Ủy ban Kiểm tra."""
    order = [Post.SECRETARY, Post.DEPUTY, Post.STANDING, Post.INSPECTION]
    return [
        ProposedPost(str(post.label), names)
        for post in order
        if (names := [c.full_name for c in candidates if post in (c.proposed_posts or [])])
    ]


def _consolidation(rnd: DraftRound, *, user, number, day) -> Built:
    congress = rnd.document.congress
    org = congress.organization
    states, comments = round_page_data(rnd)
    context = frame(
        issuer=org,
        doc_type=DocType.BC,
        doc_title="BÁO CÁO",
        summary=(
            f"tổng hợp ý kiến góp ý {rnd.document.get_kind_display().lower()} "
            f"(dự thảo lần {rnd.number})"
        ),
        user=user,
        number=number,
        day=day,
        recipients=["Tiểu ban Văn kiện Đại hội", "Các đồng chí Ủy viên Ban Thường vụ"],
    )
    context.update(
        congress=congress,
        rnd=rnd,
        states=states,
        comments=comments,
        counts=sorted(Counter(str(c.get_disposition_display()) for c in comments).items()),
    )
    return Built(
        "reports/consolidation.html", context, org, congress.term, DocType.BC, context["title"]
    )


def build_progress(root: Organization, *, user, number, day, term: Term | None = None) -> Built:
    term = term or current_term(today=day)
    qs = with_rule_context(
        congresses_visible_to(user=user).filter(
            organization__path__startswith=root.path, organization__depth__gt=root.depth, term=term
        )
    ).order_by()
    # A whole tree's rows (13,000 congresses, their facts, then their rows) all stay alive
    # until the report is made: the collector, paused, does not walk them again and again.
    with collector_paused():
        evaluated = evaluate_all(qs, today=day)
    with collector_paused(), translation.override("vi"):
        # The words in the cells are Vietnamese whatever the reader's language (an official
        # document); worked out here once per row rather than in the template.
        labels = status_labels()
        groups: dict[str, list] = defaultdict(list)
        parents = {
            o.path: o
            for o in Organization.objects.filter(path__startswith=root.path, numchild__gt=0).only(
                "path", "name", "code", "depth"
            )
        }
        for e in evaluated:
            parent = parents.get(parent_path(e.congress.organization.path))
            groups[parent.path if parent else root.path].append(e)
        grouped = []
        for path in sorted(groups):
            rows = sorted(
                groups[path],
                key=lambda e: (
                    not e.congress.is_pilot,
                    e.congress.opening_date,
                    e.congress.organization.path,
                ),
            )
            grouped.append(
                {
                    "parent": parents.get(path, root),
                    "size": len(rows),
                    "continued": False,
                    "rows": [_progress_row(n, e, labels) for n, e in enumerate(rows, start=1)],
                }
            )
        totals = Counter(labels[str(e.evaluation.worst)] for e in evaluated)
        by_status = Counter(e.congress.get_status_display() for e in evaluated).most_common()
        rule_headings = [rule_short_label(c) for c in ("R30", "R20", "RA")]
    context = frame(
        issuer=root,
        doc_type=DocType.BC,
        doc_title="BÁO CÁO",
        summary=f"tiến độ đại hội các tổ chức đảng trực thuộc, nhiệm kỳ {term}",
        user=user,
        number=number,
        day=day,
        recipients=[superior_standing_committee(root), "Các đồng chí Ủy viên Ban Thường vụ"],
    )
    context.update(
        root=root,
        term=term,
        groups=grouped,
        total=len(evaluated),
        totals=sorted(totals.items()),
        pilots=sum(1 for e in evaluated if e.congress.is_pilot),
        opened=sum(1 for e in evaluated if e.congress.is_open_or_later),
        by_status=by_status,
        rule_headings=rule_headings,
    )
    return Built(
        "reports/progress.html",
        context,
        root,
        term,
        DocType.BC,
        context["title"],
        congresses=len(evaluated),
    )


def _progress_row(n: int, e: Any, labels: dict[str, str]) -> dict:
    """One line of the detailed table, its cells already text: the template (rendered for
    thousands of rows) only places them."""
    c = e.congress
    return {
        "n": n,
        "name": c.organization.name,
        "opening": c.opening_date.strftime("%d/%m/%Y") if c.opening_date else "",
        "pilot": c.is_pilot,
        "rules": [labels[str(e.evaluation.rules[code].status)] for code in ("R30", "R20", "RA")],
        "stage": c.get_status_display(),
    }


def _election_minutes(congress: Congress, *, user, number, day) -> Built:
    """The counting board's minutes: dated on the election day, signed by the board's head for
    the board (Ban kiểm phiếu), headed by the congress, and not numbered in the committee's
    register."""
    org = congress.organization
    result = ElectionResult.objects.select_related("plan").get(congress=congress)
    votes = list(result.votes.select_related("candidate"))
    election_day = result.election_date or timezone.localdate(result.recorded_at)
    context = frame(
        issuer=org,
        doc_type=DocType.BB,
        doc_title="BIÊN BẢN",
        summary=f"kiểm phiếu bầu cử Ban Chấp hành {org.committee_name} khóa mới",
        user=user,
        number=None,
        day=election_day,
        recipients=["Đoàn Chủ tịch Đại hội", superior_standing_committee(org)],
        numbered=False,
    )
    context.update(
        superior_name=header_name(org.name),
        congress_line=header_name(f"{congress.get_kind_display()} lần thứ {congress.ordinal}"),
        issuer_name="BAN KIỂM PHIẾU",
        signature_lines=["T/M BAN KIỂM PHIẾU", "TRƯỞNG BAN"],
        signer_name=result.counting_board_head,
    )
    needed = votes_needed(result.base)
    context.update(
        congress=congress,
        result=result,
        votes=votes,
        needed=needed,
        seats=result.plan.seats,
        election_day=election_day,
    )
    return Built(
        "reports/election_minutes.html", context, org, congress.term, DocType.BB, context["title"]
    )


def _ratification(congress: Congress, *, user, number, day) -> Built:
    org = congress.organization
    superior = parent_of(org)
    ratification = Ratification.objects.filter(congress=congress).first()
    result = ElectionResult.objects.get(congress=congress)
    elected = list(result.votes.filter(elected=True).select_related("candidate"))
    context = frame(
        issuer=superior,
        doc_type=DocType.QD,
        doc_title="QUYẾT ĐỊNH",
        summary=(
            f"chuẩn y kết quả bầu cử Ban Chấp hành {org.committee_name}, nhiệm kỳ {congress.term}"
        ),
        user=user,
        number=number,
        day=ratification.decision_date if ratification else day,
        recipients=[org.committee_name, "Như Điều 2"],
    )
    context.update(
        congress=congress, org=org, elected=elected, ratification=ratification, superior=superior
    )
    return Built(
        "reports/ratification.html", context, superior, congress.term, DocType.QD, context["title"]
    )


def _draft_round(rnd: DraftRound, *, user, number, day) -> Built:
    congress = rnd.document.congress
    org = congress.organization
    context = frame(
        issuer=org,
        doc_type=DocType.BC,
        doc_title=rnd.document.get_kind_display().upper(),
        summary=rnd.document.title
        or f"Đại hội lần thứ {congress.ordinal}, nhiệm kỳ {congress.term}",
        user=user,
        number=None,
        day=timezone.localdate(rnd.submitted_at),
        recipients=["Các đồng chí cấp ủy viên", "Các chi, đảng bộ trực thuộc"],
        numbered=False,  # a draft is not yet a document: it takes no number
        body=Body.EXECUTIVE,  # congress documents are the executive committee's
    )
    context.update(rnd=rnd, paragraphs=[p for p in rnd.body.splitlines() if p.strip()])
    return Built(
        "reports/draft_round.html", context, org, congress.term, DocType.BC, context["title"]
    )


BUILDERS = {
    ReportKind.SUPERIOR_REPORT: _superior_report,
    ReportKind.PERSONNEL_PLAN: _personnel_plan,
    ReportKind.CONSOLIDATION: _consolidation,
    ReportKind.PROGRESS: build_progress,
    ReportKind.ELECTION_MINUTES: _election_minutes,
    ReportKind.RATIFICATION: _ratification,
    ReportKind.DRAFT_ROUND: _draft_round,
}


def register_builder(kind: ReportKind):
    """Builders kept in their own modules (apps.reports.delegate_builders) join the table with
    this decorator; the module is imported when the app is ready (apps.reports.apps)."""

    def add(builder):
        BUILDERS[kind] = builder
        return builder

    return add
