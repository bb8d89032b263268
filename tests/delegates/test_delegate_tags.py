"""apps/delegates/templatetags/delegate_tags.py: the congress page's links to the delegate pages,
each shown only to those who may open it."""

import pytest
from django.template import Context, Template
from django.test import RequestFactory

from apps.delegates.templatetags.delegate_tags import delegate_links
from tests.delegates.steps import issued, prepared

pytestmark = pytest.mark.django_db


def _links(user, congress):
    request = RequestFactory().get("/")
    request.user = user
    return delegate_links({"request": request}, congress)


def _html(user, congress) -> str:
    request = RequestFactory().get("/")
    request.user = user
    template = Template("{% load delegate_tags %}{% delegate_links congress %}")
    return template.render(Context({"request": request, "congress": congress}))


def test_the_convening_organisation_sees_its_allocation_and_list(small):
    prepared(small)
    assert _links(small.secretary, small.congress) == {
        "congress": small.congress,
        "allocation": True,
        "view_list": True,
        "upper": None,
    }
    html = _html(small.officer, small.congress)
    assert f'href="/delegates/congress/{small.congress.pk}/allocation/"' in html
    assert f'href="/delegates/congress/{small.congress.pk}/"' in html


def test_a_unit_reads_the_allocation_not_the_list_and_its_election_once_issued(small):
    prepared(small)
    unit, unit_congress = small.unit_secretaries[0], small.unit_congresses[0]
    links = _links(unit, small.congress)
    assert (links["allocation"], links["view_list"]) == (True, False)
    assert _links(unit, unit_congress)["upper"] == small.congress  # shares exist before issuing
    html = _html(unit, unit_congress)
    assert f'href="/delegates/congress/{unit_congress.pk}/election/"' in html
    assert "Bầu đại biểu dự đại hội" in html
    issued(small)
    assert _links(small.unit_secretaries[1], unit_congress)["upper"] is None  # another unit


def test_nothing_is_shown_to_a_plain_member_or_before_any_allocation(small):
    # before any allocation the convening organisation has the page to make one; a unit not yet
    assert _links(small.secretary, small.congress)["allocation"] is True
    assert _links(small.unit_secretaries[0], small.congress)["allocation"] is False
    assert _links(small.unit_secretaries[0], small.unit_congresses[0])["upper"] is None
    prepared(small)
    assert _html(small.member, small.congress).strip() == ""
    assert _html(small.member, small.unit_congresses[0]).strip() == ""
