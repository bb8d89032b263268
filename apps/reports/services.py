"""Making, numbering and handing out PDF reports.

Access follows the object a report describes (the same checks as its page). Issuing gives the
next number of the issuing organisation's register for the document type and term, under a row
lock, and stores the PDF with it; previews carry no number.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path
from typing import Any, NamedTuple

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.core.files.base import ContentFile, File
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.audit.services import audit_record
from apps.congresses.models import Congress, Term
from apps.congresses.selectors import committee_term, congresses_visible_to
from apps.core.dates import local_today
from apps.core.errors import DomainError, PermissionDenied
from apps.core.memory import heap_kept, release_memory
from apps.documents.models import DraftRound
from apps.documents.permissions import may_view_round
from apps.organizations.models import Organization
from apps.organizations.permissions import Action, may
from apps.personnel.models import ElectionResult
from apps.personnel.permissions import may_view_personnel

from . import pieces
from .builders import Built, ReportKind, build, build_progress
from .extensions import RULES
from .models import GeneratedReport, IssuedDocument, JobStatus, NumberCounter
from .rendering import number_and_symbol, render_pdf, symbol

OBJECT_MODELS = {
    ReportKind.SUPERIOR_REPORT: Congress,
    ReportKind.PERSONNEL_PLAN: Congress,
    ReportKind.ELECTION_MINUTES: Congress,
    ReportKind.RATIFICATION: Congress,
    ReportKind.CONSOLIDATION: DraftRound,
    ReportKind.DRAFT_ROUND: DraftRound,
    ReportKind.PROGRESS: Organization,
}


def may_read_report(user: Any, kind: str, obj: Any) -> bool:
    """Whoever may see the object may read its report; personnel reports are personnel data."""
    kind = ReportKind(kind)
    if kind in (ReportKind.CONSOLIDATION, ReportKind.DRAFT_ROUND):
        return may_view_round(user, obj)
    if kind == ReportKind.PROGRESS:
        return may(user, Action.VIEW, obj)
    if kind in RULES:
        return RULES[kind].may_read(user, obj)
    return may_view_personnel(user, obj)


def issued_final(kind: str, obj: Any) -> IssuedDocument | None:
    """The issued paper of a report whose object no longer changes once numbered
    (ReportRules.final_once_issued), so that reading it after issue shows the number the
    register gave; None for every other report, or before issue."""
    rules = RULES.get(ReportKind(kind))
    if rules is None or not rules.final_once_issued:
        return None
    return (
        IssuedDocument.objects.filter(report_kind=str(kind), object_id=obj.pk)
        .order_by("-issued_on", "-id")
        .first()
    )


def report_available(kind: str, obj: Any) -> str | None:
    """Why a report cannot be made yet (None when it can)."""
    kind = ReportKind(kind)
    if (
        kind == ReportKind.ELECTION_MINUTES
        and not ElectionResult.objects.filter(congress=obj).exists()
    ):
        return _("Chưa có kết quả bầu cử.")
    if (
        kind == ReportKind.RATIFICATION
        and not ElectionResult.objects.filter(
            congress=obj, first_meeting_date__isnull=False
        ).exists()
    ):
        return _("Chưa có kết quả hội nghị lần thứ nhất để chuẩn y.")
    if kind in RULES:
        return RULES[kind].available(obj)
    if kind == ReportKind.DRAFT_ROUND and not obj.body.strip():
        return _("Dự thảo này là tệp tải lên, không soạn trên web; hãy tải tệp gốc.")
    return None


def report_preview(
    *, user: Any, kind: str, obj: Any, day: dt.date | None = None, term: Term | None = None
) -> tuple[bytes, Built]:
    """A PDF without a number, rendered in the request; the download is logged."""
    if not may_read_report(user, kind, obj):
        raise PermissionDenied(_("Bạn không có quyền xem báo cáo này."))
    problem = report_available(kind, obj)
    if problem:
        raise DomainError(problem)
    built = build(kind, obj, user=user, number=None, day=day, term=term)
    _watermark(built, user, obj)
    pdf = render_pdf(built.template, built.context)
    audit_record(
        actor=user,
        verb="report.download",
        target=obj,
        organization=built.issuer,
        kind=str(kind),
        numbered=False,
    )
    return pdf, built


def _watermark(built: Built, user: Any, obj: Any) -> None:
    """Restricted drafts carry who downloaded them and when, on every page."""
    if isinstance(obj, DraftRound) and obj.document.is_restricted:
        stamp = timezone.localtime().strftime("%d/%m/%Y %H:%M")
        built.context["watermark"] = f"TÀI LIỆU MẬT — {user.display_name} — {stamp}"


# Reports that never take a number from the issuer's register: a draft is not yet a document,
# and the counting board's minutes belong to the congress, not to the committee's register.
# The credentials board's report is the congress's too (signed by the board).
UNNUMBERED = frozenset(
    {ReportKind.DRAFT_ROUND, ReportKind.ELECTION_MINUTES, ReportKind.CREDENTIALS}
)


class NumberTaken(DomainError):
    """The number the user confirmed went to another document meanwhile."""


class IssuePlan(NamedTuple):
    """What issuing would do now: shown on the confirmation page before any number is used."""

    built: Built
    issuer: Organization
    term: Term  # the issuing committee's term: its register restarts at 01 in each (HD 36)
    doc_type: str
    number: int
    number_symbol: str  # "02-BC/ĐU"
    day: dt.date


def report_issue_plan(
    *, user: Any, kind: str, obj: Any, day: dt.date | None = None, term: Term | None = None
) -> IssuePlan:
    """The number the next issue would use, with every check issuing makes; nothing is saved.
    `term` is the term a progress report is about; the number follows the issuing committee's
    own term, whatever the report is about."""
    day = day or local_today()
    kind = ReportKind(kind)
    if not may_read_report(user, kind, obj):
        raise PermissionDenied(_("Bạn không có quyền xem báo cáo này."))
    if kind in UNNUMBERED:
        raise DomainError(_("Văn bản này không lấy số trong sổ văn bản đi."))
    problem = report_available(kind, obj)
    if kind in RULES:
        problem = problem or RULES[kind].issue_problem(obj)
    if problem:
        raise DomainError(problem)
    probe = build(kind, obj, user=user, number=None, day=day, term=term)
    issuer = probe.issuer
    if not (may(user, Action.LEAD, issuer) or may(user, Action.KEEP_REGISTERS, issuer)):
        raise PermissionDenied(
            _("Chỉ lãnh đạo hoặc văn phòng của cơ quan ban hành được cấp số văn bản.")
        )
    series = committee_term(organization=issuer, day=day)
    if series is None:
        raise DomainError(_("Chưa có nhiệm kỳ nào để đánh số văn bản."))
    last = (
        NumberCounter.objects.filter(organization=issuer, term=series, doc_type=probe.doc_type)
        .values_list("last_number", flat=True)
        .first()
    )
    number = (last or 0) + 1
    return IssuePlan(
        probe,
        issuer,
        series,
        probe.doc_type,
        number,
        number_and_symbol(number, probe.doc_type, issuer.issuer_code),
        day,
    )


@transaction.atomic
def report_issue(
    *,
    user: Any,
    kind: str,
    obj: Any,
    day: dt.date | None = None,
    term: Term | None = None,
    expected_number: int | None = None,
) -> IssuedDocument:
    """Issue the report with the next number of the issuer's register and keep the PDF.

    One series per issuing committee, document type and committee term (HD 36-HD/VPTW): the
    counter row is locked while the number is taken, and a unique constraint on the register
    backs it, so no number is ever given twice. With `expected_number` (the number the user
    confirmed), a number taken meanwhile by someone else is refused, not silently replaced.
    """
    plan = report_issue_plan(user=user, kind=kind, obj=obj, day=day, term=term)
    issuer, series, doc_type = plan.issuer, plan.term, plan.doc_type
    NumberCounter.objects.get_or_create(organization=issuer, term=series, doc_type=doc_type)
    counter = NumberCounter.objects.select_for_update().get(
        organization=issuer, term=series, doc_type=doc_type
    )
    number = counter.last_number + 1
    if expected_number is not None and number != expected_number:
        raise NumberTaken(
            _(
                "Số %(old)s vừa được cấp cho văn bản khác. Số sắp cấp nay là %(new)s; "
                "vui lòng xác nhận lại."
            )
            % {
                "old": number_and_symbol(expected_number, doc_type, issuer.issuer_code),
                "new": number_and_symbol(number, doc_type, issuer.issuer_code),
            }
        )
    counter.last_number = number
    counter.save(update_fields=["last_number"])
    built = build(kind, obj, user=user, number=number, day=plan.day, term=term)
    pdf = render_pdf(built.template, built.context)
    issued = IssuedDocument(
        organization=issuer,
        term=series,
        doc_type=doc_type,
        number=number,
        symbol=symbol(number, doc_type, issuer.issuer_code),
        title=built.title[:300],
        report_kind=str(kind),
        object_id=obj.pk,
        issued_on=plan.day,
        issued_by=user,
    )
    issued.file.save(f"{kind}-{number:02d}.pdf", ContentFile(pdf), save=False)
    issued.save()
    rules = RULES.get(ReportKind(kind))
    if rules is not None and rules.on_issued is not None:
        rules.on_issued(user=user, obj=obj, issued=issued)
    audit_record(
        actor=user,
        verb="report.issue",
        target=issued,
        organization=issuer,
        kind=str(kind),
        symbol=issued.symbol,
    )
    return issued


def progress_needs_job(*, user: Any, root: Organization) -> bool:
    """Large progress reports go to a Celery job instead of holding the request."""
    count = (
        congresses_visible_to(user=user)
        .filter(organization__path__startswith=root.path, organization__depth__gt=root.depth)
        .count()
    )
    return count > settings.REPORT_ASYNC_THRESHOLD


def job_request(*, user: Any, root: Organization, term_code: str = "") -> GeneratedReport:
    if not may_read_report(user, ReportKind.PROGRESS, root):
        raise PermissionDenied(_("Bạn không có quyền xem báo cáo này."))
    job = GeneratedReport.objects.create(
        requested_by=user,
        kind=ReportKind.PROGRESS,
        organization=root,
        params={"term": term_code},
        title=_("Báo cáo tiến độ đại hội — %(org)s") % {"org": root.name},
    )
    transaction.on_commit(lambda: _queue(job.pk))
    return job


def _queue(job_id: int) -> None:
    from .tasks import generate_report

    try:
        generate_report.delay(job_id)
    except Exception as exc:  # the broker is down: the job shows as failed and can be retried
        GeneratedReport.objects.filter(pk=job_id).update(
            status=JobStatus.FAILED,
            error=_("Không gửi được yêu cầu tới hàng đợi: %(e)s") % {"e": exc},
        )


@heap_kept()  # the pieces' memory is reused, not handed back and taken again
def job_run(job_id: int) -> GeneratedReport:
    """The task's body: the progress report rendered piece by piece (apps.reports.pieces),
    progress saved after each piece, the pieces joined and numbered, the file stored; or the
    failure recorded with its reason. Pieces are spooled to a temporary directory under
    VAR_DIR, so neither the pieces nor their layouts stay in memory."""
    job = GeneratedReport.objects.select_related("requested_by", "organization").get(pk=job_id)
    if job.status == JobStatus.DONE:
        return job  # a redelivered task does not redo finished work
    mark = GeneratedReport.objects.filter(pk=job.pk)
    mark.update(status=JobStatus.RUNNING, progress=0, steps_done=0, steps=0, error="")
    try:
        term = Term.objects.filter(code=job.params.get("term") or "").first()
        built = build_progress(
            job.organization, user=job.requested_by, number=None, day=local_today(), term=term
        )
        parts = pieces.plan(built.context)
        steps = len(parts) + 1  # the pieces, then joining and numbering the pages
        mark.update(steps=steps)
        spool = Path(settings.VAR_DIR) / "tmp"
        spool.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(dir=spool) as folder:
            paths = []
            for done, piece in enumerate(parts, start=1):
                path = Path(folder) / f"{done:05d}.pdf"
                path.write_bytes(pieces.render_piece(built.template, built.context, piece))
                paths.append(path)
                mark.update(steps_done=done, progress=done * 100 // steps)
            joined = Path(folder) / "joined.pdf"
            with joined.open("wb") as out:
                pages = pieces.join_numbered(paths, out)
            with joined.open("rb") as pdf:
                job.file.save(
                    f"progress-{job.organization.code}-{job.pk}.pdf", File(pdf), save=False
                )
        job.status, job.progress, job.finished_at = JobStatus.DONE, 100, timezone.now()
        job.steps, job.steps_done, job.pages = steps, steps, pages
        job.save(
            update_fields=[
                "file",
                "status",
                "progress",
                "finished_at",
                "steps",
                "steps_done",
                "pages",
            ]
        )
    except SoftTimeLimitExceeded:
        mark.update(
            status=JobStatus.FAILED,
            error=_("Quá thời gian cho phép (%(s)s giây); hãy thử lại hoặc chọn phạm vi nhỏ hơn.")
            % {"s": settings.REPORT_JOB_SOFT_TIME_LIMIT},
            finished_at=timezone.now(),
        )
        raise
    except Exception as exc:
        mark.update(status=JobStatus.FAILED, error=str(exc)[:1000], finished_at=timezone.now())
        raise
    finally:
        release_memory()
    return job


def job_retry(*, user: Any, job: GeneratedReport) -> GeneratedReport:
    if job.requested_by_id != user.pk:
        raise PermissionDenied(_("Bạn không có quyền với báo cáo này."))
    if job.status != JobStatus.FAILED:
        raise DomainError(_("Chỉ thử lại báo cáo bị lỗi."))
    GeneratedReport.objects.filter(pk=job.pk).update(status=JobStatus.PENDING, progress=0, error="")
    transaction.on_commit(lambda: _queue(job.pk))
    return job
