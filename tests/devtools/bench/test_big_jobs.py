"""The big jobs area: the province PDF's cost per page (a note under the table); the root's
report as a job and the web import as a job are skipped on request, as is everything with
--skip-pdf. (The job in a forked child needs committed data: the whole area runs in
tests/devtools/test_benchmark.py's way only on a committed tree.)"""

import pytest

from apps.devtools.bench import big_jobs
from apps.organizations.models import Organization, Role
from apps.organizations.services import membership_add
from tests.factories import UserFactory

from .conftest import make_bench

pytestmark = pytest.mark.django_db


def test_the_pdf_per_page_with_the_jobs_skipped(tiny):
    bench, out = make_bench("--skip-big-jobs")
    big_jobs.measure(bench)
    assert [f.operation for f in bench.figures] == [
        "progress PDF of one province (2 congresses), render"
    ]
    notes = [line for line in out.getvalue().splitlines() if line.startswith("  ")]
    assert len(notes) == 1 and notes[0].startswith("  progress PDF: ")
    assert " s per page, CPU " in notes[0] and "pages, median of 1" in notes[0]
    skipped, _out = make_bench("--skip-pdf")
    big_jobs.measure(skipped)
    assert skipped.figures == []


def test_the_web_import_as_a_job_writes_the_tree(tiny, client, settings):
    settings.IMPORT_JOB_MIN_BYTES = 1
    bench, _out = make_bench()
    officer = UserFactory(username="bench-officer")
    membership_add(
        actor=None,
        user=officer,
        organization=bench.root,
        role=Role.OFFICE_OFFICER,
        check_permission=False,
    )
    client.force_login(officer)
    before = Organization.objects.count()
    big_jobs.web_import_as_job(client, bench.root.code, big_jobs.tree_csv(0, parent="GCATW"), 64)
    assert Organization.objects.count() == before + 64
    # the same file again creates nothing: the run stops rather than report a wrong figure
    with pytest.raises(RuntimeError, match=r"import job: done 0 \[\]"):
        big_jobs.web_import_as_job(
            client, bench.root.code, big_jobs.tree_csv(0, parent="GCATW"), 64
        )
