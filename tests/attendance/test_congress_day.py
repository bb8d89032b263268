"""The congress page's door to the congress day: shown to those who act on it (scan and cards
too) or follow it (the list only), and only for a delegates' congress."""

import pytest
from django.template import Context, Template
from django.test import RequestFactory

from apps.congresses.models import CongressKind
from tests.factories import CongressFactory

pytestmark = pytest.mark.django_db
TEMPLATE = Template("{% load congress_day %}{% congress_day_links congress %}")


def links(user, congress) -> str:
    request = RequestFactory().get("/")
    request.user = user
    return TEMPLATE.render(Context({"request": request, "congress": congress}))


def test_the_office_gets_the_list_the_door_and_the_cards(tree, today_congress):
    congress, _delegates = today_congress
    html = links(tree.qb_officer, congress)
    for url in (f"/congress-day/{congress.pk}/", "/scan/", "/cards.pdf"):
        assert url in html
    assert 'id="congress-day"' in html


def test_the_superior_follows_without_acting(tree, today_congress):
    congress, _delegates = today_congress
    html = links(tree.central_standing, congress)
    assert f"/congress-day/{congress.pk}/" in html
    assert "/scan/" not in html and "/cards.pdf" not in html


@pytest.mark.parametrize("who", ["qb_member", "ht_secretary", "outsider"])
def test_others_see_nothing(tree, today_congress, who):
    congress, _delegates = today_congress
    assert links(getattr(tree, who), congress).strip() == ""


def test_an_all_member_congress_has_no_congress_day_links(tree):
    congress = CongressFactory(organization=tree.ankt, kind=CongressKind.ALL_MEMBER)
    assert links(tree.ankt_secretary, congress).strip() == ""
