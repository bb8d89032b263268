"""The delegate pages, the API list, the allocation and the credentials report cost the same
number of queries whatever the number of subordinates and delegates (issue 22 Must show)."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from apps.delegates.allocation import allocation_prepare
from apps.delegates.credentials import credentials_board_set
from apps.delegates.documents import credentials_report, delegate_allocation
from apps.reports.builders import ReportKind
from apps.reports.services import report_issue
from tests.delegates.province import COUNTS_AS_OF, DECIDED, OPENING, TODAY, make_province
from tests.delegates.test_scenario import record_unit

pytestmark = pytest.mark.django_db


def province_with_delegates(units: int, code: str):
    p = make_province(units=units, committee=3, code=code)
    allocation = allocation_prepare(
        actor=p.secretary,
        congress=p.congress,
        seats=3 + 2 * units,
        counts_as_of=COUNTS_AS_OF,
        decided_on=DECIDED,
        today=TODAY,
    )
    report_issue(user=p.officer, kind=ReportKind.DELEGATE_ALLOCATION, obj=p.congress, day=TODAY)
    shares = {s.organization_id: s for s in allocation.shares.all()}
    for i, unit in enumerate(p.units):
        record_unit(p, i, shares[unit.pk], seed=i)
    credentials_board_set(
        actor=p.secretary, congress=p.congress, head="Trưởng Ban", members="", report_date=OPENING
    )
    return p


def count(fn) -> int:
    cache.clear()
    with CaptureQueriesContext(connection) as ctx:
        fn()
    return len(ctx.captured_queries)


def costs(p) -> dict[str, int]:
    web = Client()
    web.force_login(p.secretary)
    api = APIClient()
    api.force_authenticate(p.secretary)
    pk = p.congress.pk

    def get(client, url):
        def run():
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)

        return run

    return {
        "list page": count(get(web, f"/delegates/congress/{pk}/")),
        "allocation page": count(get(web, f"/delegates/congress/{pk}/allocation/")),
        "api list": count(get(api, f"/api/v1/congresses/{pk}/delegates/")),
        "api allocation": count(get(api, f"/api/v1/congresses/{pk}/allocation/")),
        "credentials report": count(
            lambda: credentials_report(p.congress, user=p.secretary, number=None, day=OPENING)
        ),
        "allocation decision": count(
            lambda: delegate_allocation(p.congress, user=p.secretary, number=1, day=TODAY)
        ),
    }


def test_query_counts_do_not_grow_with_the_delegates():
    small = province_with_delegates(2, "S")
    large = province_with_delegates(10, "L")
    assert small.congress.delegates.count() < large.congress.delegates.count() / 3
    small_costs, large_costs = costs(small), costs(large)
    assert small_costs == large_costs, (small_costs, large_costs)
    assert max(large_costs.values()) <= 30, large_costs
