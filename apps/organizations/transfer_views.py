"""The office's import and export page for its own subtree: upload, dry-run preview, confirm."""

from __future__ import annotations

import uuid

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as HttpForbidden
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from apps.core.errors import DomainError
from apps.core.exports import CONTENT_TYPES, export_bytes
from apps.core.forms import StyledFormMixin, import_upload
from apps.core.views import show_refusal

from . import import_jobs
from .models import ImportJob, Organization
from .permissions import Action, may
from .transfers import import_choices, transfer_named
from .views import visible_or_404


class ImportForm(StyledFormMixin, forms.Form):
    what = forms.ChoiceField(label=gettext_lazy("Loại dữ liệu"), choices=import_choices)
    file = forms.FileField(label=gettext_lazy("Tệp CSV (UTF-8) hoặc XLSX"))

    def clean_file(self):
        # An organisation file big enough to go to a job may be as big as a job allows.
        as_job = self.cleaned_data.get("what") in import_jobs.JOB_IMPORTERS
        limit = settings.IMPORT_JOB_MAX_BYTES if as_job else None
        return import_upload(self.cleaned_data["file"], max_bytes=limit)


def _require_office(request, org: Organization) -> None:
    if not may(request.user, Action.KEEP_REGISTERS, org):
        raise HttpForbidden(_("Chỉ cán bộ văn phòng được nhập, xuất dữ liệu."))


@login_required
def import_page(request, code: str):
    """First a dry run (nothing written) showing counts and every error; then a confirmation
    that imports the very same file, kept meanwhile under a random name."""
    org = visible_or_404(request, code)
    _require_office(request, org)
    form = ImportForm(request.POST or None, request.FILES or None)
    result = None
    pending = None
    if request.method == "POST" and request.POST.get("confirm"):
        key, what = request.POST.get("key", ""), request.POST.get("what", "")
        name = f"imports/{request.user.pk}/{key}"
        transfer = transfer_named(what)
        if (
            transfer is None
            or transfer.importer is None
            or not key.replace("-", "").replace(".", "").isalnum()
        ):
            raise Http404
        # One confirmation at a time per organisation (the row lock); the second of two clicks
        # finds the file already taken and says so, instead of importing it again.
        with transaction.atomic():
            Organization.objects.select_for_update().filter(pk=org.pk).first()
            if not default_storage.exists(name):
                messages.info(request, _("Tệp này đã được nhập hoặc đã hết hạn; không ghi thêm."))
                return redirect("organizations:import", code=org.code)
            with default_storage.open(name, "rb") as f:
                data = f.read()
            default_storage.delete(name)
            result = transfer.importer(data, name, actor=request.user, dry_run=False)
        if result.ok:
            messages.success(request, _("Đã nhập: %(s)s.") % {"s": result.summary()})
            for note in result.notes:
                messages.info(request, note)
            return redirect("organizations:detail", code=org.code)
    elif request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        data = upload.read()
        what = form.cleaned_data["what"]
        transfer = transfer_named(what)
        if transfer is None or transfer.importer is None:  # the form offers only these
            raise Http404
        if what in import_jobs.JOB_IMPORTERS and len(data) >= settings.IMPORT_JOB_MIN_BYTES:
            job = import_jobs.import_job_start(
                actor=request.user, organization=org, what=what, filename=upload.name, data=data
            )
            return redirect("organizations:import_job", code=org.code, pk=job.pk)
        result = transfer.importer(data, upload.name, actor=request.user, dry_run=True)
        if result.ok:
            ext = ".xlsx" if upload.name.lower().endswith(".xlsx") else ".csv"
            key = f"{uuid.uuid4().hex}{ext}"
            default_storage.save(f"imports/{request.user.pk}/{key}", ContentFile(data))
            pending = {"key": key, "what": what}
    return render(
        request,
        "organizations/import.html",
        {"org": org, "form": form, "result": result, "pending": pending},
    )


def _job_or_404(request, code: str, pk: int) -> ImportJob:
    """The requester's own job, while they still keep the registers; anyone else: 404."""
    org = visible_or_404(request, code)
    job = ImportJob.objects.filter(pk=pk, organization=org).select_related("organization").first()
    if job is None or not import_jobs.may_see_job(request.user, job):
        raise Http404
    return job


@login_required
def import_job(request, code: str, pk: int):
    """A big import's page: rows checked while it runs (polled), then the counts and every
    row error, or the confirmation button after a clean dry run. A reload shows the same."""
    job = _job_or_404(request, code, pk)
    return render(request, "organizations/import_job.html", {"job": job, "org": job.organization})


@login_required
def import_job_status(request, code: str, pk: int):
    """The fragment the page polls while the job runs."""
    job = _job_or_404(request, code, pk)
    return render(request, "organizations/_import_job.html", {"job": job, "org": job.organization})


@login_required
@require_POST
def import_job_confirm(request, code: str, pk: int):
    job = _job_or_404(request, code, pk)
    try:
        import_jobs.import_job_confirm(actor=request.user, job=job)
    except DomainError as exc:
        show_refusal(request, exc)
    return redirect("organizations:import_job", code=code, pk=pk)


@login_required
def export(request, code: str):
    """The subtree the user may see, as CSV or XLSX: organisations, people and roles, congress
    schedules, or the congress status table with each rule's status."""
    org = visible_or_404(request, code)
    what, fmt = request.GET.get("what", "organizations"), request.GET.get("format", "xlsx")
    if fmt not in CONTENT_TYPES:
        raise Http404
    transfer = transfer_named(what)
    if transfer is None:
        raise Http404
    if transfer.office_only_export:
        _require_office(request, org)
    rows = transfer.rows(org, request.user)
    response = HttpResponse(
        export_bytes(transfer.resource(), rows, fmt), content_type=CONTENT_TYPES[fmt]
    )
    response["Content-Disposition"] = f'attachment; filename="{what}-{org.code}.{fmt}"'
    return response
