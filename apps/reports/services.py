"""Making, numbering and handing out PDF reports.

Access follows the object a report describes (the same checks as its page). Issuing gives the
next number of the issuing organisation's register for the document type and term, under a row
lock, and stores the PDF with it; previews carry no number.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.audit.services import audit_record
from apps.congresses.models import Congress, Term
from apps.core.dates import local_today
from apps.core.errors import DomainError, PermissionDenied
from apps.documents.models import DraftRound
from apps.documents.permissions import may_view_round
from apps.organizations.models import Organization
from apps.organizations.permissions import Action, may
from apps.personnel.models import ElectionResult
from apps.personnel.permissions import may_view_personnel

from .builders import Built, ReportKind, build, build_progress
from .models import GeneratedReport, IssuedDocument, JobStatus, NumberCounter
from .rendering import render_pdf, symbol

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
    return may_view_personnel(user, obj)


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


@transaction.atomic
def report_issue(
    *, user: Any, kind: str, obj: Any, day: dt.date | None = None, term: Term | None = None
) -> IssuedDocument:
    """Issue the report with the next number of the issuer's register and keep the PDF."""
    day = day or local_today()
    if not may_read_report(user, kind, obj):
        raise PermissionDenied(_("Bạn không có quyền xem báo cáo này."))
    problem = report_available(kind, obj)
    if problem:
        raise DomainError(problem)
    probe = build(kind, obj, user=user, number=None, day=day, term=term)
    issuer, term = probe.issuer, probe.term
    if not (may(user, Action.LEAD, issuer) or may(user, Action.KEEP_REGISTERS, issuer)):
        raise PermissionDenied(
            _("Chỉ lãnh đạo hoặc văn phòng của cơ quan ban hành được cấp số văn bản.")
        )
    counter, _created = NumberCounter.objects.select_for_update().get_or_create(
        organization=issuer, term=term, doc_type=probe.doc_type
    )
    counter = NumberCounter.objects.select_for_update().get(pk=counter.pk)
    counter.last_number += 1
    counter.save(update_fields=["last_number"])
    built = build(kind, obj, user=user, number=counter.last_number, day=day, term=term)
    pdf = render_pdf(built.template, built.context)
    issued = IssuedDocument(
        organization=issuer,
        term=term,
        doc_type=probe.doc_type,
        number=counter.last_number,
        symbol=symbol(counter.last_number, probe.doc_type, issuer.issuer_code),
        title=built.title[:300],
        report_kind=str(kind),
        object_id=obj.pk,
        issued_on=day,
        issued_by=user,
    )
    issued.file.save(f"{kind}-{counter.last_number:02d}.pdf", ContentFile(pdf), save=False)
    issued.save()
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
    from apps.congresses.selectors import congresses_visible_to

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


def job_run(job_id: int) -> GeneratedReport:
    """The task's body: render the progress report, store it, record success or the failure."""
    job = GeneratedReport.objects.select_related("requested_by", "organization").get(pk=job_id)
    if job.status == JobStatus.DONE:
        return job  # a redelivered task does not redo finished work
    GeneratedReport.objects.filter(pk=job.pk).update(
        status=JobStatus.RUNNING, progress=10, error=""
    )
    try:
        term = Term.objects.filter(code=job.params.get("term") or "").first()
        built = build_progress(
            job.organization, user=job.requested_by, number=None, day=local_today(), term=term
        )
        GeneratedReport.objects.filter(pk=job.pk).update(progress=60)
        pdf = render_pdf(built.template, built.context)
        job.file.save(
            f"progress-{job.organization.code}-{job.pk}.pdf", ContentFile(pdf), save=False
        )
        job.status, job.progress, job.finished_at = JobStatus.DONE, 100, timezone.now()
        job.save(update_fields=["file", "status", "progress", "finished_at"])
    except Exception as exc:
        GeneratedReport.objects.filter(pk=job.pk).update(
            status=JobStatus.FAILED, error=str(exc)[:1000], finished_at=timezone.now()
        )
        raise
    return job


def job_retry(*, user: Any, job: GeneratedReport) -> GeneratedReport:
    if job.requested_by_id != user.pk:
        raise PermissionDenied(_("Bạn không có quyền với báo cáo này."))
    if job.status != JobStatus.FAILED:
        raise DomainError(_("Chỉ thử lại báo cáo bị lỗi."))
    GeneratedReport.objects.filter(pk=job.pk).update(status=JobStatus.PENDING, progress=0, error="")
    transaction.on_commit(lambda: _queue(job.pk))
    return job
