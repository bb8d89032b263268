"""Issue 17 item 12: the ICS feed escapes a bare CR (no injected line), its addresses expire and
can be rotated by their owner; a file that merely starts with %PDF- is not a PDF; personnel pages
and PDFs are never stored by caches."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from freezegun import freeze_time
from icalendar import Calendar

from apps.audit.models import AuditEvent
from apps.congresses.models import Congress
from apps.core.errors import DomainError
from apps.documents import services as doc_services
from apps.documents.models import DraftRound
from tests.factories import CongressFactory, pdf_bytes, term

pytestmark = pytest.mark.django_db
INJECTED = "Hội trường A\rEND:VEVENT\rBEGIN:VEVENT\rSUMMARY:Giả mạo\r\nDTSTART:19990101\x0bX"


@pytest.fixture
def congress(tree):
    return CongressFactory(
        organization=tree.qb,
        term=term("2025-2030"),
        opening_date=dt.date.today() + dt.timedelta(days=40),
    )


def _feed_url(client, code="QB") -> str:
    page = client.get(f"/congresses/org/{code}/calendar/").content.decode()
    return page.split("<code>")[1].split("</code>")[0].replace("http://testserver", "")


def test_a_bare_carriage_return_cannot_inject_lines(tree, congress):
    Congress.objects.filter(pk=congress.pk).update(place=INJECTED)  # as stored before validation
    client = Client()
    client.force_login(tree.qb_secretary)
    body = Client().get(_feed_url(client)).content
    lines = body.split(b"\r\n")
    assert b"\r" not in b"".join(lines) and b"\n" not in b"".join(lines)  # CRLF only
    assert all(len(line) <= 75 for line in lines)  # folded (RFC 5545 3.1)
    unfolded = body.replace(b"\r\n ", b"")
    assert not any(
        line.startswith((b"SUMMARY:Gi", b"DTSTART:1999", b"END:VEVENT\\")) for line in lines
    )
    parsed = Calendar.from_ical(body)
    every = parsed.walk("VEVENT")  # the opening, and the congress's rule deadlines (agenda.py)
    assert all(str(e["UID"]).startswith(f"congress-{congress.pk}") for e in every)
    assert not any("Giả mạo" in str(e["SUMMARY"]) for e in every)
    events = [e for e in every if str(e["UID"]) == f"congress-{congress.pk}@congress-portal"]
    assert len(events) == 1
    assert str(events[0]["LOCATION"]) == (
        "Hội trường A\nEND:VEVENT\nBEGIN:VEVENT\nSUMMARY:Giả mạo\nDTSTART:19990101X"
    )
    assert events[0].decoded("DTSTART") == congress.opening_date
    assert [line for line in unfolded.split(b"\r\n") if line == b"BEGIN:VEVENT"] == [
        b"BEGIN:VEVENT"
    ] * len(every)


def test_feed_addresses_expire(tree, congress, settings):
    start = dt.datetime(2026, 3, 2, 8, 0, tzinfo=dt.UTC)
    client = Client()
    client.force_login(tree.qb_secretary)
    with freeze_time(start):
        url = _feed_url(client)
        page = client.get("/congresses/org/QB/calendar/").content.decode()
        expires = (start + dt.timedelta(days=settings.ICS_TOKEN_MAX_AGE_DAYS)).strftime("%d/%m/%Y")
        assert f"hết hạn ngày {expires}" in page
    with freeze_time(start + dt.timedelta(days=settings.ICS_TOKEN_MAX_AGE_DAYS - 1)):
        assert Client().get(url).status_code == 200
    with freeze_time(start + dt.timedelta(days=settings.ICS_TOKEN_MAX_AGE_DAYS, seconds=1)):
        assert Client().get(url).status_code == 404


def test_the_owner_rotates_and_old_addresses_stop(tree, congress):
    owner, other = Client(), Client()
    owner.force_login(tree.qb_secretary)
    other.force_login(tree.qb_standing)
    old = _feed_url(owner)
    others = _feed_url(other)
    with freeze_time(dt.datetime.now(dt.UTC) + dt.timedelta(seconds=2)):
        response = owner.post("/congresses/org/QB/ics-rotate/")
        assert response.status_code == 302
        new = _feed_url(owner)
    assert new != old
    assert Client().get(old).status_code == 404
    assert Client().get(new).status_code == 200
    assert Client().get(others).status_code == 200  # another person's address is untouched
    assert (
        AuditEvent.objects.filter(verb="calendar.feeds_rotated", actor=tree.qb_secretary).count()
        == 1
    )
    assert Client().post("/congresses/org/QB/ics-rotate/").status_code == 302  # anonymous: login
    assert AuditEvent.objects.filter(verb="calendar.feeds_rotated").count() == 1
    assert owner.get("/congresses/org/QB/ics-rotate/").status_code == 405  # POST only


@pytest.mark.parametrize(
    "content",
    [
        b"%PDF-1.4\n%%EOF",
        b"%PDF-1.7\n<html><script>alert(1)</script></html>",
        b"%PDF-" + b"A" * 5000,
    ],
)
def test_a_file_that_only_starts_with_the_pdf_magic_is_refused(tree, congress, content):
    doc = doc_services.document_create(
        actor=tree.qb_secretary, congress=congress, kind="political_report"
    )
    before = DraftRound.objects.count()
    with pytest.raises(DomainError, match="không phải là PDF"):
        doc_services.round_submit(
            actor=tree.qb_secretary, document=doc, file=SimpleUploadedFile("x.pdf", content)
        )
    assert DraftRound.objects.count() == before
    accepted = doc_services.round_submit(
        actor=tree.qb_secretary, document=doc, file=SimpleUploadedFile("y.pdf", pdf_bytes(2))
    )
    assert accepted.content_type == "application/pdf"
