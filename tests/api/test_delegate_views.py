"""The delegate API (issue 22.6), both ways: the convening organisation's secretary, standing
members and office act; others are refused (404 when they cannot see, 403 when they see but may
not act); bad input answers the service's message and writes nothing."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from apps.delegates.models import AllocationShare, Delegate, DelegateElection, DelegateStatus
from apps.reports.builders import ReportKind
from apps.reports.services import report_issue
from tests.delegates.province import BELOW, COUNTS_AS_OF, DECIDED, TODAY, make_province

pytestmark = pytest.mark.django_db


def as_web(user):
    from django.test import Client

    client = Client()
    client.force_login(user)
    return client


def api(user):
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


@pytest.fixture
def p():
    return make_province(units=3, committee=3, code="QB")


def allocate(p, user):
    return api(user).post(
        f"/api/v1/congresses/{p.congress.pk}/allocation/",
        {"seats": 10, "counts_as_of": COUNTS_AS_OF, "decided_on": DECIDED},
        format="json",
    )


def test_allocation_both_ways(p):
    assert allocate(p, p.member).status_code == 403  # sees the congress, may not act
    assert allocate(p, p.unit_secretaries[0]).status_code == 404  # does not see it
    assert allocate(p, None).status_code == 401
    assert not AllocationShare.objects.exists()
    response = allocate(p, p.standing)
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["seats"] == 10 and body["by_right"] == 3 and body["to_allocate"] == 7
    assert sum(s["seats"] for s in body["shares"]) == 7
    assert api(p.officer).get(f"/api/v1/congresses/{p.congress.pk}/allocation/").json() == body


def test_a_unit_reads_the_allocation_through_the_api_as_on_its_page_and_may_not_prepare_it(p):
    """The web and the API ask one question (delegates.selectors.allocation_congress): once an
    allocation exists, the units' people read it (their notice links them to it), as the
    convening organisation's leaders and office do; they may not prepare it again (403)."""
    unit = api(p.unit_secretaries[0])
    url = f"/api/v1/congresses/{p.congress.pk}/allocation/"
    assert unit.get(url).status_code == 404  # nothing allocated yet: nothing to read
    body = allocate(p, p.standing).json()
    assert unit.get(url).status_code == 200 and unit.get(url).json() == body
    assert (
        as_web(p.unit_secretaries[0])
        .get(f"/delegates/congress/{p.congress.pk}/allocation/")
        .status_code
        == 200
    )
    before = list(AllocationShare.objects.values_list("seats", flat=True))
    assert allocate(p, p.unit_secretaries[0]).status_code == 403
    assert list(AllocationShare.objects.values_list("seats", flat=True)) == before
    assert api(p.officer).get(url).status_code == 200  # the convening organisation's office
    assert api(p.member).get(url).status_code == 404  # its plain members read no allocation
    assert api(None).get(url).status_code == 401


def test_an_adjustment_that_does_not_sum_is_a_clear_400(p):
    allocate(p, p.secretary)
    before = list(AllocationShare.objects.values_list("seats", flat=True))
    first = p.units[0].code
    response = api(p.officer).post(
        f"/api/v1/congresses/{p.congress.pk}/allocation/adjust/",
        {"reason": "Trọng điểm", "shares": [{"organization": first, "seats": 6}]},
        format="json",
    )
    assert response.status_code == 400
    assert "phải bằng 7" in str(response.json())
    assert list(AllocationShare.objects.values_list("seats", flat=True)) == before


def result_payload(n, seats, alternates, **extra):
    return {
        "official_seats": seats,
        "alternate_seats": alternates,
        "summoned": 50,
        "excused": 0,
        "ballots_issued": 50,
        "ballots_valid": 50,
        "election_date": BELOW,
        "candidates": [
            {
                "full_name": f"Ứng cử viên {i}",
                "birth_date": "1980-01-01",
                "sex": "female" if i % 2 else "male",
                "ethnicity": "Kinh",
                "votes": 49 - i,
            }
            for i in range(n)
        ],
    } | extra


def test_an_election_result_puts_the_delegates_on_the_upper_list(p):
    allocate(p, p.secretary)
    report_issue(user=p.officer, kind=ReportKind.DELEGATE_ALLOCATION, obj=p.congress, day=TODAY)
    share = AllocationShare.objects.get(organization=p.units[0])
    url = f"/api/v1/congresses/{p.unit_congresses[0].pk}/delegate-election/"
    n = share.seats + share.alternates + 1
    # more delegates than seats: refused, nothing written
    response = api(p.unit_secretaries[0]).post(
        url, result_payload(n, share.seats + 1, share.alternates), format="json"
    )
    assert response.status_code == 400
    assert "vượt số được phân bổ" in str(response.json())
    assert not DelegateElection.objects.exists()
    assert not Delegate.objects.filter(source=p.units[0]).exists()
    # another unit's secretary does not see this congress
    other = api(p.unit_secretaries[1]).post(
        url, result_payload(n, share.seats, share.alternates), format="json"
    )
    assert other.status_code == 404
    response = api(p.unit_secretaries[0]).post(
        url, result_payload(n, share.seats, share.alternates), format="json"
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["needed"] == 26 and len(body["official"]) == share.seats
    listing = api(p.standing).get(f"/api/v1/congresses/{p.congress.pk}/delegates/").json()
    from_unit = [d for d in listing["delegates"] if d["source_code"] == p.units[0].code]
    assert [d["status"] for d in from_unit].count("official") == share.seats
    assert listing["official"] == 3 + share.seats
    assert api(p.member).get(f"/api/v1/congresses/{p.congress.pk}/delegates/").status_code == 404


def test_replace_and_disqualify_both_ways_and_a_delegate_of_another_congress(p):
    allocate(p, p.secretary)
    report_issue(user=p.officer, kind=ReportKind.DELEGATE_ALLOCATION, obj=p.congress, day=TODAY)
    share = AllocationShare.objects.get(organization=p.units[0])
    api(p.unit_secretaries[0]).post(
        f"/api/v1/congresses/{p.unit_congresses[0].pk}/delegate-election/",
        result_payload(share.seats + share.alternates, share.seats, share.alternates),
        format="json",
    )
    absent = Delegate.objects.get(source=p.units[0], vote_rank=1)
    base = f"/api/v1/congresses/{p.congress.pk}/delegates/{absent.pk}"
    assert api(p.member).post(f"{base}/replace/", {"reason": "Ốm"}).status_code == 404
    assert api(p.committee[-1]).post(f"{base}/replace/", {"reason": "Ốm"}).status_code == 404
    response = api(p.officer).post(f"{base}/replace/", {"reason": "Ốm"}, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["vote_rank"] == share.seats + 1
    absent.refresh_from_db()
    assert absent.status == DelegateStatus.REPLACED
    other = make_province(units=1, committee=1, code="HT")
    stranger = Delegate.objects.create(
        congress=other.congress, source=other.org, full_name="Người tỉnh khác", kind="by_right"
    )
    response = api(p.officer).post(
        f"/api/v1/congresses/{p.congress.pk}/delegates/{stranger.pk}/disqualify/",
        {"reason": "x"},
        format="json",
    )
    assert response.status_code == 400
    assert "không thuộc danh sách đại biểu của đại hội này" in str(response.json())
    stranger.refresh_from_db()
    assert stranger.status == DelegateStatus.OFFICIAL
