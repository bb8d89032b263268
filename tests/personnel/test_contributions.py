"""apps/personnel/contributions.py: the personnel parts of the congress page and of the inbox."""

import datetime as dt

import pytest
from django.test import RequestFactory

from apps.personnel.contributions import congress_page, inbox
from apps.personnel.models import ElectionResult
from tests.factories import CongressFactory, approved_plan

pytestmark = pytest.mark.django_db


def _page(user, congress):
    request = RequestFactory().get("/")
    request.user = user
    return congress_page(request, congress)


def test_the_page_says_whether_the_user_may_see_personnel(tree):
    congress = CongressFactory(organization=tree.qb)
    assert _page(tree.qb_standing, congress) == {"can_view_personnel": True}
    assert _page(tree.qb_member, congress) == {"can_view_personnel": False}


def test_the_inbox_lists_the_ratifications_to_decide(tree):
    congress = CongressFactory(organization=tree.ht)
    result = ElectionResult.objects.create(
        congress=congress,
        plan=approved_plan(congress),
        summoned=50,
        ballots_issued=50,
        ballots_valid=49,
        recorded_by=tree.ht_secretary,
        ratification_requested_on=dt.date(2020, 7, 1),
    )
    assert inbox(tree.central_standing) == {"ratifications": [result]}
    assert inbox(tree.qb_standing) == {"ratifications": []}
