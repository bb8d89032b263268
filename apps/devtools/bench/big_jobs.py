"""Big reports and big imports as jobs (issue 21, items 2 and 3).

- The progress PDF's cost per page, on one province's report rendered in process as a preview
  is (the goal: at most 0.1 s a page).
- The root's report as the job makes it (`reports.services.job_run`: pieces, join, page
  numbers), run in a forked child as a Celery prefork worker runs a task: its wall time, its
  pages, the child's peak resident memory (VmHWM) and its resident memory once the job has
  returned (VmRSS), which is what a worker keeps between jobs.
- The web import of a national tree as a job: the upload through the import page (a job is
  made), the job's dry run, the confirmation through the page, the job's write; rolled back.
"""

from __future__ import annotations

import io
import multiprocessing
import os
import statistics
import time
from argparse import ArgumentParser
from typing import NamedTuple

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connections
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice
from pypdf import PdfReader

from apps.accounts.models import User
from apps.congresses.models import Congress
from apps.organizations.import_jobs import import_job_run
from apps.organizations.models import ImportJob, ImportStatus, Role
from apps.organizations.services import membership_add
from apps.reports.builders import build_progress
from apps.reports.models import GeneratedReport, JobStatus
from apps.reports.rendering import render_pdf
from apps.reports.services import job_request
from apps.twofactor.policy import second_factor_required
from apps.twofactor.services import APP_DEVICE_NAME

from .imports import organisations, tree_csv
from .registry import area
from .session import Bench


def arguments(parser: ArgumentParser) -> None:
    parser.add_argument(
        "--skip-big-jobs",
        action="store_true",
        help="bỏ qua báo cáo toàn quốc và nhập tệp lớn qua lượt chạy nền",
    )


class JobMemory(NamedTuple):
    seconds: float
    cpu_seconds: float  # the child's own CPU time: on a shared machine, wall time is not ours
    pages: int
    peak_mb: float
    after_mb: float


def _note(bench: Bench, text: str) -> None:
    """A figure that is not a timing (seconds per page, memory), printed under the table."""
    bench.stdout.write(f"  {text}")
    bench.stdout.flush()


def _status_mb(field: str) -> float:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024
    return 0.0


def _child(job_id: int, out: multiprocessing.Queue) -> None:
    connections.close_all()  # the parent's connection is not the child's
    from apps.reports.services import job_run

    started, cpu = time.perf_counter(), time.process_time()
    job = job_run(job_id)
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    out.put(JobMemory(seconds, cpu, job.pages, _status_mb("VmHWM"), _status_mb("VmRSS")))
    connections.close_all()


def root_report_job(bench: Bench) -> JobMemory:
    """The root's progress report made by job_run in a forked child, as a worker would."""
    job = job_request(user=bench.central, root=bench.root)
    connections.close_all()
    context = multiprocessing.get_context("fork")
    out: multiprocessing.Queue = context.Queue()
    child = context.Process(target=_child, args=(job.pk, out))
    child.start()
    result: JobMemory = out.get()
    child.join()
    job.refresh_from_db()
    if job.status != JobStatus.DONE:
        raise RuntimeError(f"the root's report failed: {job.error}")
    job.file.delete(save=False)
    GeneratedReport.objects.filter(pk=job.pk).delete()
    return result


def web_import_as_job(client: Client, code: str, data: bytes, expected: int) -> None:
    """Upload → the job's dry run → confirm → the job's write, as the page and worker do."""
    response = client.post(
        f"/org/{code}/import/",
        {"what": "organizations", "file": SimpleUploadedFile("to-chuc.csv", data)},
    )
    job = ImportJob.objects.get(pk=int(response["Location"].rstrip("/").rsplit("/", 1)[1]))
    import_job_run(job.pk)
    client.post(f"/org/{code}/import/jobs/{job.pk}/confirm/")
    job = import_job_run(job.pk)
    if job.status != ImportStatus.DONE or job.created != expected:
        raise RuntimeError(f"import job: {job.status} {job.created} {job.errors[:3]}")


@area(45, arguments=arguments)
def measure(bench: Bench) -> None:
    if bench.options["skip_pdf"]:
        return
    province, user, today = bench.province, bench.provincial, bench.today
    built = build_progress(province, user=user, number=None, day=today)
    pages: list[int] = []
    cpu: list[float] = []

    def province_pdf() -> None:
        started = time.process_time()
        pdf = render_pdf(built.template, built.context)
        cpu.append(time.process_time() - started)
        pages.append(len(PdfReader(io.BytesIO(pdf)).pages))

    size = Congress.objects.filter(organization__path__startswith=province.path).count() - 1
    figure = bench.add(f"progress PDF of one province ({size} congresses), render", province_pdf)
    _note(
        bench,
        f"progress PDF: {figure.median_ms / 1000 / pages[-1]:.3f} s per page, CPU "
        f"{statistics.median(cpu) / pages[-1]:.3f} s per page ({pages[-1]} pages, median of "
        f"{len(pages)}; load average {os.getloadavg()[0]:.1f})",
    )
    if bench.options["skip_big_jobs"]:
        return
    job = root_report_job(bench)
    _note(
        bench,
        f"root's progress report as a job: {job.seconds:.1f} s ({job.cpu_seconds:.1f} s CPU), "
        f"{job.pages} pages ({job.seconds / job.pages:.3f} s, CPU {job.cpu_seconds / job.pages:.3f}"
        f" s per page); worker child peak {job.peak_mb:.0f} MB, after the job "
        f"{job.after_mb:.0f} MB (load average {os.getloadavg()[0]:.1f})",
    )

    if bench.options["skip_import"]:
        return
    committees = bench.options["import_committees"]
    expected = organisations(committees)
    data = tree_csv(committees, parent=bench.root.code)
    client = Client()
    officer, _created = User.objects.get_or_create(username="bench-import-officer")

    def prepare() -> None:
        membership_add(
            actor=None,
            user=officer,
            organization=bench.root,
            role=Role.OFFICE_OFFICER,
            check_permission=False,
        )
        client.force_login(officer)
        if second_factor_required(officer):  # the office signs in with both steps
            device = TOTPDevice.objects.create(user=officer, name=APP_DEVICE_NAME, confirmed=True)
            session = client.session
            session[DEVICE_ID_SESSION_KEY] = device.persistent_id
            session.save()

    try:
        bench.add(
            f"web import of {expected:,} organisations as a job (upload, dry run, confirm, "
            "write; rolled back)",
            lambda: web_import_as_job(client, bench.root.code, data, expected),
            rollback=True,
            reps=1,
            prepare=prepare,
        )
    finally:
        officer.delete()
