"""Big reports and big imports as jobs (issue 21, items 2 and 3).

- The progress PDF's cost per page, on one province's report rendered in process as a preview
  is (the goal: at most 0.1 s a page).
- The root's report as the job makes it (`reports.services.job_run`: pieces, join, page
  numbers), run in a forked child as a Celery prefork worker runs a task: its wall time, its
  pages, the child's peak resident memory (VmHWM) and its resident memory once the job has
  returned (VmRSS), which is what a worker keeps between jobs; how much of its CPU time was
  the kernel's and how many page faults it took.
- With `--root-report-phases`, the same report's steps timed apart in process (CPU seconds
  per page for the data, the pieces' HTML, WeasyPrint, joining and numbering): where a page's
  cost goes.
- The web import of a national tree as a job: the upload through the import page (a job is
  made), the job's dry run, the confirmation through the page, the job's write; rolled back.
"""

from __future__ import annotations

import io
import multiprocessing
import os
import resource
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
    parser.add_argument(
        "--root-report-phases",
        action="store_true",
        help="đo thêm từng giai đoạn của báo cáo toàn quốc (dữ liệu, HTML, WeasyPrint, ghép)",
    )


class JobMemory(NamedTuple):
    seconds: float
    cpu_seconds: float  # the child's own CPU time: on a shared machine, wall time is not ours
    system_seconds: float  # the part of it spent in the kernel (page faults, files)
    faults: int  # minor page faults: memory handed back to the system and taken again
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

    started, cpu, kernel = time.perf_counter(), time.process_time(), os.times().system
    faults = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
    job = job_run(job_id)
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    kernel = os.times().system - kernel
    faults = resource.getrusage(resource.RUSAGE_SELF).ru_minflt - faults
    peak, after = _status_mb("VmHWM"), _status_mb("VmRSS")
    out.put(JobMemory(seconds, cpu, kernel, faults, job.pages, peak, after))
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


class Phases(NamedTuple):
    """CPU seconds of each part of the root's report, made in process as the job makes it."""

    build: float  # reading and evaluating the tree, the rows worded
    html: float  # the pieces' templates
    typeset: float  # WeasyPrint: styles, layout, drawing, PDF
    join: float  # pypdf: joining, the page numbers' document, stamping
    pages: int


def root_report_phases(bench: Bench) -> Phases:
    """The job's steps (`reports.services.job_run`) one by one, timed apart: where a page's
    cost goes. The pieces are kept in memory, not spooled: the files are not the cost."""
    from apps.reports import pieces
    from apps.reports.rendering import html_to_pdf, render_html

    html_to_pdf("<p></p>")  # the process's fonts, as a worker has them after its first job
    started = time.process_time()
    built = build_progress(bench.root, user=bench.central, number=None, day=bench.today)
    parts = pieces.plan(built.context)
    build = time.process_time() - started
    html = typeset = 0.0
    pdfs = []
    for piece in parts:
        started = time.process_time()
        page = render_html(
            built.template,
            {
                **built.context,
                "groups": piece.groups,
                "omit_front": not piece.first,
                "omit_closing": not piece.last,
                "omit_page_numbers": True,
            },
        )
        middle = time.process_time()
        pdfs.append(html_to_pdf(page))
        html, typeset = html + middle - started, typeset + time.process_time() - middle
    started = time.process_time()
    pages = pieces.join_numbered(pdfs, io.BytesIO())
    return Phases(build, html, typeset, time.process_time() - started, pages)


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
        f"{job.after_mb:.0f} MB; {job.system_seconds:.1f} s of the CPU in the kernel, "
        f"{job.faults:,} page faults (load average {os.getloadavg()[0]:.1f})",
    )
    if bench.options["root_report_phases"]:
        phases = root_report_phases(bench)
        total = sum(phases[:4])
        _note(
            bench,
            f"root's report by phase, CPU per page: data {phases.build / phases.pages:.4f}, "
            f"HTML {phases.html / phases.pages:.4f}, WeasyPrint "
            f"{phases.typeset / phases.pages:.4f}, join and numbers "
            f"{phases.join / phases.pages:.4f}; {total:.1f} s for {phases.pages} pages "
            f"({total / phases.pages:.3f} s a page; load average {os.getloadavg()[0]:.1f})",
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
