"""Big organisation imports as Celery jobs: the dry run, then (once confirmed) the write.

An import of 13,000 organisations took 20 s through the page (dry run plus confirm) and one of
300,000 could not finish within a web timeout. A file of at least IMPORT_JOB_MIN_BYTES is kept
on the job and handed to the same importer (`importing.import_organizations`) in a worker: the
same checks, the same row errors, the same single all-or-nothing transaction. The job saves the
rows checked so far, so its page shows progress, also after a reload. Nothing is written before
the requester confirms a clean dry run, and a confirmation is taken once.
"""

from __future__ import annotations

from typing import Any

from celery.exceptions import SoftTimeLimitExceeded
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.core.errors import DomainError, PermissionDenied
from apps.core.memory import release_memory
from apps.core.tables import TableLimits

from .importing import ImportResult, import_organizations
from .models import ImportJob, ImportStage, ImportStatus, Organization
from .permissions import Action, may

# Which imports may run as a job (the people and congress imports stay in the request: their
# files are small, a few thousand rows at most).
JOB_IMPORTERS = {"organizations": import_organizations}


def may_see_job(user: Any, job: ImportJob) -> bool:
    """Only the person who asked, and only while they still keep the organisation's registers."""
    return job.requested_by_id == user.pk and may(user, Action.KEEP_REGISTERS, job.organization)


@transaction.atomic
def import_job_start(
    *, actor: Any, organization: Organization, what: str, filename: str, data: bytes
) -> ImportJob:
    """Keep the file on a new job and queue its dry run (nothing is imported yet)."""
    if not may(actor, Action.KEEP_REGISTERS, organization):
        raise PermissionDenied(_("Chỉ cán bộ văn phòng được nhập, xuất dữ liệu."))
    if what not in JOB_IMPORTERS:
        raise DomainError(_("Loại dữ liệu này không nhập theo lượt chạy nền."))
    job = ImportJob(requested_by=actor, organization=organization, what=what, filename=filename)
    suffix = ".xlsx" if filename.lower().endswith(".xlsx") else ".csv"
    job.file.save(f"{what}{suffix}", ContentFile(data), save=False)
    job.save()
    transaction.on_commit(lambda: _queue(job.pk))
    return job


@transaction.atomic
def import_job_confirm(*, actor: Any, job: ImportJob) -> ImportJob:
    """The requester confirms a clean dry run: the very same file is written by the job. A
    second click finds the job no longer waiting and is refused; nothing is written twice."""
    job = ImportJob.objects.select_for_update().select_related("organization").get(pk=job.pk)
    if not may_see_job(actor, job):
        raise PermissionDenied(_("Bạn không có quyền với lượt nhập này."))
    if job.status != ImportStatus.CHECKED:
        raise DomainError(_("Lượt nhập này không còn chờ xác nhận."))
    job.stage, job.status = ImportStage.WRITE, ImportStatus.PENDING
    job.rows_done = 0
    job.save(update_fields=["stage", "status", "rows_done"])
    transaction.on_commit(lambda: _queue(job.pk))
    return job


def _queue(job_id: int) -> None:
    from .tasks import run_import_job

    try:
        run_import_job.delay(job_id)
    except Exception as exc:  # the broker is down: say so on the job's page
        ImportJob.objects.filter(pk=job_id).update(
            status=ImportStatus.FAILED,
            failure=_("Không gửi được yêu cầu tới hàng đợi: %(e)s") % {"e": exc},
        )


def import_job_run(job_id: int) -> ImportJob:
    """The task's body: the dry run or the write, with the rows checked saved as it goes.

    Progress is saved through the job's own row outside the import's transaction (the checks
    run before it opens), so the page sees it. A redelivered task (a worker lost mid-way)
    runs again: the write is one transaction, so a lost worker left nothing behind."""
    job = ImportJob.objects.select_related("requested_by", "organization").get(pk=job_id)
    if job.status not in (ImportStatus.PENDING, ImportStatus.RUNNING):
        return job  # done, refused or waiting for confirmation: nothing to redo
    mark = ImportJob.objects.filter(pk=job.pk)
    mark.update(status=ImportStatus.RUNNING, rows_done=0, failure="")

    def progress(done: int, total: int) -> None:
        mark.update(rows_done=done, rows_total=total)

    dry_run = job.stage == ImportStage.CHECK
    try:
        with job.file.open("rb") as f:
            data = f.read()
        result = JOB_IMPORTERS[job.what](
            data,
            job.filename,
            actor=job.requested_by,
            dry_run=dry_run,
            progress=progress,
            limits=TableLimits.as_job(),
        )
    except SoftTimeLimitExceeded:
        mark.update(
            status=ImportStatus.FAILED,
            failure=_("Quá thời gian cho phép; không ghi dòng nào."),
            finished_at=timezone.now(),
        )
        raise
    except Exception as exc:
        mark.update(status=ImportStatus.FAILED, failure=str(exc)[:1000], finished_at=timezone.now())
        raise
    finally:
        release_memory()
    return _record(job, result, dry_run=dry_run)


def _record(job: ImportJob, result: ImportResult, *, dry_run: bool) -> ImportJob:
    job.refresh_from_db(fields=["rows_done", "rows_total"])
    job.created, job.updated, job.unchanged = result.created, result.updated, result.unchanged
    job.errors = [str(e) for e in result.listed_errors]
    job.errors_count = len(result.errors)
    if not result.ok:
        job.status = ImportStatus.REFUSED
    elif dry_run:
        job.status = ImportStatus.CHECKED
    else:
        job.status = ImportStatus.DONE
    if job.status != ImportStatus.CHECKED:
        job.file.delete(save=False)  # written or refused: the file is not kept
    job.finished_at = timezone.now()
    job.save()
    return job
