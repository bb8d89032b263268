"""apps/reports/models.py: the register's number that never repeats, the symbol shown in
sentences, and one counter per organisation, term and type."""

import datetime as dt

import pytest
from django.db import IntegrityError, transaction

from apps.reports.models import DocType, GeneratedReport, IssuedDocument, NumberCounter
from tests.factories import term

pytestmark = pytest.mark.django_db


def _issued(org, user, number, doc_type=DocType.BC, symbol=None):
    return IssuedDocument.objects.create(
        organization=org,
        term=term(),
        doc_type=doc_type,
        number=number,
        symbol=symbol or f"Số {number:02d}-{doc_type}/ĐU",
        title="Báo cáo",
        report_kind="superior-report",
        object_id=1,
        issued_on=dt.date(2020, 5, 13),
        issued_by=user,
    )


def test_the_symbol_in_a_sentence_drops_the_headers_so(tree):
    doc = _issued(tree.qb, tree.qb_officer, 1)
    assert str(doc) == "Số 01-BC/ĐU"
    assert doc.number_symbol == "01-BC/ĐU"
    assert IssuedDocument(symbol="02-QĐ/ĐU").number_symbol == "02-QĐ/ĐU"


def test_a_number_never_repeats_within_an_organisation_term_and_type(tree):
    _issued(tree.qb, tree.qb_officer, 1)
    with pytest.raises(IntegrityError), transaction.atomic():
        _issued(tree.qb, tree.qb_officer, 1)
    _issued(tree.qb, tree.qb_officer, 1, doc_type=DocType.QD)  # another type: its own series
    _issued(tree.ht, tree.ht_secretary, 1)  # another organisation
    assert IssuedDocument.objects.count() == 3
    assert list(
        IssuedDocument.objects.filter(organization=tree.qb).values_list("doc_type", flat=True)
    ) in (
        [DocType.BC, DocType.QD],
        [DocType.QD, DocType.BC],
    )


def test_one_counter_per_organisation_term_and_type(tree):
    counter = NumberCounter.objects.create(organization=tree.qb, term=term(), doc_type=DocType.TTR)
    assert counter.last_number == 0
    assert str(counter) == f"QB {term()} TTr: 0"
    with pytest.raises(IntegrityError), transaction.atomic():
        NumberCounter.objects.create(organization=tree.qb, term=term(), doc_type=DocType.TTR)


def test_a_new_job_waits_with_no_progress(tree):
    job = GeneratedReport.objects.create(
        requested_by=tree.qb_officer, kind="progress", organization=tree.qb, title="Tiến độ"
    )
    assert (job.status, job.progress, job.steps_done, job.steps, job.error) == (
        "pending",
        0,
        0,
        0,
        "",
    )
    assert str(job) == "Tiến độ" and not job.file


def test_the_document_types_are_the_hd36_symbols():
    assert DocType.values == ["BC", "TTr", "QĐ", "BB", "KH", "NQ", "CTr", "TB", "CV", "ĐA"]
