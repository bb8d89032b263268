"""apps.api.congress_day: the congress day's endpoints answer only for a delegates' congress the
caller may see, validate their input before any service runs, and page the attendance list with
the whole day's counts beside each page.

(The check-in, excuse, undo and own-card flows themselves, both ways, are exercised in
tests/attendance/test_api.py.)"""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from apps.attendance.models import Attendance
from apps.audit.models import AuditEvent
from apps.congresses.models import CongressKind, CongressStatus
from apps.core.dates import local_today
from apps.delegates.models import Delegate, DelegateKind, DelegateStatus
from tests.factories import CongressFactory

pytestmark = pytest.mark.django_db


def api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def _in_session(org, kind=CongressKind.DELEGATES, delegates=4, sources=()):
    congress = CongressFactory(
        organization=org,
        kind=kind,
        opening_date=local_today(),
        days=2,
        status=CongressStatus.IN_SESSION,
    )
    people = Delegate.objects.bulk_create(
        [
            Delegate(
                congress=congress,
                source=sources[i % len(sources)],
                full_name=f"Đại biểu {i + 1:03d}",
                kind=DelegateKind.ELECTED,
                status=DelegateStatus.OFFICIAL,
            )
            for i in range(delegates)
        ]
    )
    return congress, people


def _written():
    return Attendance.objects.count(), AuditEvent.objects.count()


def test_a_conference_and_a_congress_out_of_sight_answer_404_and_nothing_is_written(tree):
    conference, _ = _in_session(tree.qb, kind=CongressKind.ALL_MEMBER, delegates=0)
    other, people = _in_session(tree.ht, sources=[tree.ht_ptm])
    before = _written()
    officer = api(tree.qb_officer)
    for congress, code in ((conference, "X"), (other, people[0].code)):
        assert (
            officer.post(
                reverse("api-checkin", args=[congress.pk]), {"code": code}, format="json"
            ).status_code
            == 404
        )
        assert officer.get(reverse("api-attendance", args=[congress.pk])).status_code == 404
    assert _written() == before


def test_bad_input_is_a_400_on_its_field_before_any_service_runs(tree):
    congress, people = _in_session(tree.qb, sources=[tree.ptm])
    before = _written()
    officer = api(tree.qb_officer)
    long_code = officer.post(
        reverse("api-checkin", args=[congress.pk]), {"code": "x" * 33}, format="json"
    )
    assert long_code.status_code == 400 and list(long_code.json()) == ["code"]
    no_reason = officer.post(
        reverse("api-excuse", args=[congress.pk]), {"delegate": people[0].pk}, format="json"
    )
    assert no_reason.status_code == 400 and list(no_reason.json()) == ["reason"]
    control = officer.post(
        reverse("api-excuse", args=[congress.pk]),
        {"delegate": people[0].pk, "reason": "Ốm\x00"},
        format="json",
    )
    assert control.status_code == 400 and "U+0000" in control.json()["reason"][0]
    assert _written() == before


def test_each_page_of_the_attendance_carries_the_whole_days_counts(tree):
    congress, people = _in_session(tree.qb, delegates=5, sources=[tree.ptm, tree.ankt])
    officer = api(tree.qb_officer)
    url = reverse("api-checkin", args=[congress.pk])
    assert officer.post(url, {"code": people[0].code}, format="json").status_code == 201
    page = officer.get(reverse("api-attendance", args=[congress.pk]), {"page_size": 2, "page": 3})
    body = page.json()
    assert page.status_code == 200
    assert (body["count"], body["summoned"], body["present"], body["not_arrived"]) == (5, 5, 1, 4)
    assert len(body["results"]) == 1 and body["next"] is None and body["previous"]
    first = officer.get(reverse("api-attendance", args=[congress.pk]), {"page_size": 2}).json()
    statuses = {row["delegate"]["code"]: row["status"] for row in first["results"]}
    assert len(statuses) == 2 and first["present"] == 1
    assert statuses.get(people[0].code, "present") == "present"
    assert (
        officer.get(reverse("api-attendance", args=[congress.pk]), {"page_size": 0}).status_code
        == 400
    )
