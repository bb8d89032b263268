"""The outgoing register (issue 18 item 4): one series per issuing committee, document type and
the committee's term (HD 36-HD/VPTW), never repeated — under concurrency too — and a number is
issued only after a page that shows it."""

import datetime as dt
import threading

import pytest
from django.db import IntegrityError, connection, transaction

from apps.congresses.models import Congress, CongressStatus
from apps.core.errors import DomainError
from apps.organizations.models import Organization
from apps.reports import services
from apps.reports.models import IssuedDocument, NumberCounter
from tests.factories import CongressFactory, approved_plan, circulate_required, term
from tests.reports.pdf import flat

D = dt.date
DAY = D(2026, 11, 27)


def _qb_congress(tree):
    Organization.objects.filter(pk=tree.qb.pk).update(place_name="Quảng Bình")
    tree.qb.refresh_from_db()
    congress = CongressFactory(organization=tree.qb, ordinal="XVII", opening_date=D(2020, 7, 28))
    circulate_required(congress, D(2020, 5, 13))
    approved_plan(congress)
    return congress


@pytest.mark.django_db
def test_two_kinds_the_same_day_by_the_same_body_take_consecutive_numbers(tree):
    """The report to the superior (term 2020–2025) and then the progress report (2025–2030)
    were both "Số 01-BC/ĐU": the series follows the committee's term, not the report's."""
    qb = _qb_congress(tree)
    report = services.report_issue(user=tree.qb_officer, kind="superior-report", obj=qb, day=DAY)
    progress = services.report_issue(user=tree.qb_officer, kind="progress", obj=tree.qb, day=DAY)
    plan = services.report_issue(user=tree.qb_officer, kind="personnel-plan", obj=qb, day=DAY)
    assert (report.symbol, progress.symbol, plan.symbol) == (
        "Số 01-BC/ĐU",
        "Số 02-BC/ĐU",
        "Số 01-TTr/ĐU",
    )
    assert report.term == progress.term == term("2025-2030")  # the committee in office
    assert "Số 02-BC/ĐU" in flat(progress.file.read())
    assert IssuedDocument.objects.count() == 3


@pytest.mark.django_db
def test_the_same_kind_by_two_bodies_has_two_series(tree):
    qb = _qb_congress(tree)
    ptm = CongressFactory(organization=tree.ptm, opening_date=D(2020, 4, 8))
    circulate_required(ptm, D(2020, 3, 2))
    approved_plan(ptm)
    a = services.report_issue(user=tree.qb_officer, kind="superior-report", obj=qb, day=DAY)
    b = services.report_issue(user=tree.ptm_secretary, kind="superior-report", obj=ptm, day=DAY)
    assert (a.organization, a.symbol) == (tree.qb, "Số 01-BC/ĐU")
    assert (b.organization, b.symbol) == (tree.ptm, "Số 01-BC/ĐU")  # its own register


@pytest.mark.django_db
def test_a_new_committee_term_restarts_at_01(tree):
    qb = _qb_congress(tree)
    first = services.report_issue(
        user=tree.qb_officer, kind="superior-report", obj=qb, day=D(2020, 5, 13)
    )
    assert (first.term, first.symbol) == (term("2020-2025"), "Số 01-BC/ĐU")
    Congress.objects.filter(pk=qb.pk).update(status=CongressStatus.CLOSED)  # XVII held 28/07/2020
    # the 2025–2030 congress opened on 10/07/2025: from then on the new committee numbers
    CongressFactory(
        organization=tree.qb,
        term=term("2025-2030"),
        opening_date=D(2025, 7, 10),
        status=CongressStatus.CLOSED,
    )
    before = services.report_issue(
        user=tree.qb_officer, kind="superior-report", obj=qb, day=D(2025, 7, 9)
    )
    after = services.report_issue(
        user=tree.qb_officer, kind="superior-report", obj=qb, day=D(2025, 7, 10)
    )
    assert (before.term, before.symbol) == (term("2020-2025"), "Số 02-BC/ĐU")
    assert (after.term, after.symbol) == (term("2025-2030"), "Số 01-BC/ĐU")


@pytest.mark.django_db
def test_the_register_refuses_a_repeated_number_in_the_database(tree):
    qb = _qb_congress(tree)
    issued = services.report_issue(user=tree.qb_officer, kind="superior-report", obj=qb, day=DAY)
    issued.pk = None
    with pytest.raises(IntegrityError), transaction.atomic():
        issued.save()


@pytest.mark.django_db
def test_drafts_and_counting_minutes_take_no_number(tree):
    qb = _qb_congress(tree)
    rnd = qb.documents.get(kind="political_report").rounds.get()
    with pytest.raises(DomainError, match="không lấy số"):
        services.report_issue(user=tree.qb_officer, kind="draft-round", obj=rnd, day=DAY)
    assert not IssuedDocument.objects.exists() and not NumberCounter.objects.exists()


@pytest.mark.django_db
def test_a_number_is_issued_only_after_the_page_that_shows_it(client, tree):
    qb = _qb_congress(tree)
    client.force_login(tree.qb_officer)
    url = f"/reports/superior-report/{qb.pk}/issue/"
    page = client.get(url).content.decode()
    assert 'id="next-number">01-BC/ĐU<' in page and "Xác nhận cấp số 01-BC/ĐU" in page
    assert "nhiệm kỳ cấp ủy" in page
    assert not IssuedDocument.objects.exists()  # looking numbers nothing
    congress_page = client.get(f"/congresses/{qb.pk}/").content.decode()
    assert f'href="{url}"' in congress_page  # the button leads to the confirmation, no POST
    # a post without the confirmed number shows the page again, numbering nothing
    assert client.post(url).status_code == 200 and not IssuedDocument.objects.exists()
    # someone else takes 01 meanwhile: the confirmed 01 is refused and 02 is shown
    services.report_issue(user=tree.qb_secretary, kind="progress", obj=tree.qb)
    response = client.post(url, {"number": "1"})
    text = response.content.decode()
    assert "Số 01-BC/ĐU vừa được cấp cho văn bản khác" in text
    assert "Xác nhận cấp số 02-BC/ĐU" in text
    assert IssuedDocument.objects.count() == 1
    response = client.post(url, {"number": "2"}, follow=True)
    text = response.content.decode()
    assert "Đã cấp số 02-BC/ĐU: BÁO CÁO về công tác chuẩn bị" in text
    assert "Số Số" not in text and "cấp số Số" not in text
    assert list(IssuedDocument.objects.values_list("number", flat=True).order_by("number")) == [
        1,
        2,
    ]


@pytest.mark.django_db
def test_no_issue_page_for_those_who_may_not_issue(client, tree):
    qb = _qb_congress(tree)
    client.force_login(tree.qb_standing)
    url = f"/reports/superior-report/{qb.pk}/issue/"
    assert client.get(url).status_code == 403
    assert client.post(url, {"number": "1"}).status_code == 403
    assert not IssuedDocument.objects.exists() and not NumberCounter.objects.exists()
    client.force_login(tree.ht_secretary)  # another province: the congress is not even seen
    assert client.get(url).status_code == 404


@pytest.mark.postgresql  # row locks (SELECT … FOR UPDATE) between threads: SQLite has none
@pytest.mark.django_db(transaction=True)
def test_concurrent_issues_never_repeat_a_number(tree):
    qb = _qb_congress(tree)
    results: list = []
    errors: list = []
    start = threading.Barrier(4)

    def issue(kind: str, obj) -> None:
        try:
            start.wait()
            results.append(services.report_issue(user=tree.qb_officer, kind=kind, obj=obj))
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=issue, args=args)
        for args in [("superior-report", qb), ("progress", tree.qb)] * 2
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    numbers = sorted(d.number for d in results)
    assert numbers == [1, 2, 3, 4]
    assert NumberCounter.objects.get(organization=tree.qb, doc_type="BC").last_number == 4
    assert Congress.objects.count() == 1
