"""PDF downloads: previews in the request, large progress reports as jobs, issued documents."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as HttpForbidden
from django.core.exceptions import SuspiciousOperation
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from apps.audit.services import audit_record
from apps.congresses.models import Congress, Term
from apps.congresses.views import congress_or_404
from apps.core.errors import DomainError
from apps.core.views import show_refusal
from apps.documents.views import round_or_404
from apps.organizations.permissions import Action, may
from apps.organizations.views import visible_or_404

from . import services
from .builders import ReportKind
from .extensions import RULES
from .models import GeneratedReport, IssuedDocument, JobStatus
from .templatetags.report_tags import labels as report_labels


def object_or_404(request, kind: str, key: str):
    """The object a report describes, looked up the way its own page looks it up."""
    try:
        kind = ReportKind(kind)
    except ValueError as exc:
        raise Http404 from exc
    if kind == ReportKind.PROGRESS:
        return kind, visible_or_404(request, key)
    if not key.isdigit():
        raise Http404
    if kind in (ReportKind.CONSOLIDATION, ReportKind.DRAFT_ROUND):
        return kind, round_or_404(request, int(key))
    if kind in RULES:
        # A report another app contributes says itself who reads it: the subordinates read the
        # decision allocating delegates to their superior's congress, which they do not see.
        congress = (
            Congress.objects.select_related("organization", "term").filter(pk=int(key)).first()
        )
        if congress is None or not services.may_read_report(request.user, kind, congress):
            raise Http404
        return kind, congress
    return kind, congress_or_404(request, int(key))


def chosen_term(request) -> Term | None:
    """The term chosen on the dashboard (?term=2020-2025) for a progress report; an unknown code
    is a bad request, not silently the current term."""
    code = request.GET.get("term", "")
    if not code:
        return None
    term = Term.objects.filter(code=code).first()
    if term is None:
        raise SuspiciousOperation(_("Không có nhiệm kỳ %(t)s.") % {"t": code[:20]})
    return term


def pdf_response(pdf: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
def preview(request, kind: str, key: str):
    kind, obj = object_or_404(request, kind, key)
    if not services.may_read_report(request.user, kind, obj):
        raise Http404
    issued = services.issued_final(kind, obj)
    if issued is not None:  # numbered and final: the paper itself, not an unnumbered preview
        audit_record(
            actor=request.user,
            verb="report.download",
            target=issued,
            organization=issued.organization,
            symbol=issued.symbol,
        )
        with issued.file.open("rb") as paper:  # one page or two: read whole, as a preview is
            return pdf_response(paper.read(), f"{issued.report_kind}-{issued.number:02d}.pdf")
    if kind == ReportKind.PROGRESS and services.progress_needs_job(user=request.user, root=obj):
        job = services.job_request(
            user=request.user, root=obj, term_code=request.GET.get("term", "")
        )
        messages.info(request, _("Báo cáo lớn đang được tạo; bạn có thể tải về khi hoàn thành."))
        return redirect("reports:job", pk=job.pk)
    try:
        pdf, _built = services.report_preview(
            user=request.user, kind=kind, obj=obj, term=chosen_term(request)
        )
    except DomainError as exc:
        show_refusal(request, exc)
        return redirect(request.META.get("HTTP_REFERER") or "/")
    return pdf_response(pdf, f"{kind}-{key}-xem-truoc.pdf")


@login_required
def issue(request, kind: str, key: str):
    """Issuing a number in two steps: a page showing the number about to be used (GET), then
    the confirmed issue (POST, carrying that number). If someone took it meanwhile, the page
    comes back with the new number; nothing is numbered without being seen first."""
    kind, obj = object_or_404(request, kind, key)
    back = request.META.get("HTTP_REFERER") or "/"
    try:
        plan = services.report_issue_plan(
            user=request.user, kind=kind, obj=obj, term=chosen_term(request)
        )
    except DomainError as exc:
        show_refusal(request, exc)
        return redirect(back)
    if request.method == "POST":
        raw = request.POST.get("number", "")
        if not raw.isdigit():
            messages.warning(request, _("Hãy xem số sắp cấp và bấm xác nhận."))
        else:
            try:
                issued = services.report_issue(
                    user=request.user,
                    kind=kind,
                    obj=obj,
                    term=chosen_term(request),
                    expected_number=int(raw),
                )
            except services.NumberTaken as exc:
                show_refusal(request, exc)
                plan = services.report_issue_plan(
                    user=request.user, kind=kind, obj=obj, term=chosen_term(request)
                )
            except DomainError as exc:
                show_refusal(request, exc)
                return redirect(back)
            else:
                messages.success(
                    request,
                    _("Đã cấp số %(s)s: %(title)s.")
                    % {"s": issued.number_symbol, "title": issued.title},
                )
                return redirect("reports:register", code=issued.organization.code)
    context = {"plan": plan, "kind": str(kind), "key": key, "label": report_labels()[kind]}
    return render(request, "reports/issue_confirm.html", context)


@login_required
def register(request, code: str):
    org = visible_or_404(request, code)
    if not (may(request.user, Action.LEAD, org) or may(request.user, Action.KEEP_REGISTERS, org)):
        raise HttpForbidden(_("Chỉ lãnh đạo hoặc văn phòng được xem sổ văn bản."))
    issued = IssuedDocument.objects.filter(organization=org).select_related("term", "issued_by")
    return render(request, "reports/register.html", {"org": org, "issued": issued})


@login_required
def issued_download(request, pk: int):
    doc = IssuedDocument.objects.filter(pk=pk).select_related("organization").first()
    if doc is None:
        raise Http404
    org = visible_or_404(request, doc.organization.code)
    if not (may(request.user, Action.LEAD, org) or may(request.user, Action.KEEP_REGISTERS, org)):
        raise Http404
    audit_record(
        actor=request.user, verb="report.download", target=doc, organization=org, symbol=doc.symbol
    )
    return FileResponse(
        doc.file.open("rb"), as_attachment=True, filename=f"{doc.report_kind}-{doc.number:02d}.pdf"
    )


@login_required
def mine(request):
    jobs = GeneratedReport.objects.filter(requested_by=request.user).select_related("organization")[
        :50
    ]
    return render(request, "reports/mine.html", {"jobs": jobs})


def _own_job_or_404(request, pk: int) -> GeneratedReport:
    job = GeneratedReport.objects.filter(pk=pk, requested_by=request.user).first()
    if job is None:
        raise Http404
    return job


@login_required
def job_page(request, pk: int):
    """The job on a page of its own: progress while it runs (polled), the download when done;
    a reload or a later visit shows where it is, since progress is saved on the job."""
    job = _own_job_or_404(request, pk)
    return render(request, "reports/job.html", {"job": job})


@login_required
def job_status(request, pk: int):
    """The HTMX fragment polled by the progress bar until the job finishes."""
    return render(request, "reports/_job.html", {"job": _own_job_or_404(request, pk)})


@login_required
def job_download(request, pk: int):
    job = _own_job_or_404(request, pk)
    if job.status != JobStatus.DONE or not job.file:
        raise Http404
    if not services.may_read_report(request.user, job.kind, job.organization):
        raise Http404  # rights may have ended since the job was made
    audit_record(
        actor=request.user, verb="report.download", target=job, organization=job.organization
    )
    return FileResponse(
        job.file.open("rb"), as_attachment=True, filename=f"tien-do-{job.organization.code}.pdf"
    )


@login_required
@require_POST
def job_retry(request, pk: int):
    job = _own_job_or_404(request, pk)
    try:
        services.job_retry(user=request.user, job=job)
    except DomainError as exc:
        show_refusal(request, exc)
    return redirect("reports:mine")
