"""The national data generator (apps/devtools/generator.py), at a tiny scale."""

import datetime as dt

import pytest

from apps.congresses.models import Congress, SuperiorReport
from apps.devtools.generator import generate
from apps.documents.models import Circulation, DraftRound
from apps.organizations.models import Membership, Organization, OrganizationKind, Role
from tests.factories import term

pytestmark = pytest.mark.django_db


def test_generates_the_tree_people_and_one_congress_each():
    term("2025-2030")
    result = generate(provinces=2, committees=2, cells=3, seed=7, today=dt.date(2026, 3, 1))

    # root + 2 provinces × (1 + 2 committees × (1 + 3 cells))
    assert result.organizations == 1 + 2 * (1 + 2 * 4) == Organization.objects.count()
    kinds = {o.code: o.kind for o in Organization.objects.all()}
    assert kinds["GCATW"] == OrganizationKind.CENTRAL
    assert kinds["G01"] == OrganizationKind.ABOVE_GRASSROOTS
    assert kinds["G01-01"] == OrganizationKind.GRASSROOTS_COMMITTEE
    assert kinds["G01-01-2"] == OrganizationKind.CELL_UNDER_COMMITTEE
    assert Organization.objects.get(code="G01-01-2").get_parent().code == "G01-01"

    # a secretary everywhere, a standing member where there are children
    leaders = 1 + 2 * (1 + 2)
    assert result.users == result.organizations + leaders
    assert Membership.objects.filter(role=Role.SECRETARY).count() == result.organizations
    assert Membership.objects.filter(role=Role.STANDING_MEMBER).count() == leaders
    assert (
        Membership.objects.get(organization__code="G00", role=Role.STANDING_MEMBER).user.username
        == "g00.btv"
    )

    assert result.congresses == result.organizations == Congress.objects.count()
    assert set(Congress.objects.values_list("term__code", flat=True)) == {"2025-2030"}
    assert result.rounds == DraftRound.objects.count() == leaders * 4
    assert result.circulations == Circulation.objects.count()
    assert result.reports == SuperiorReport.objects.count()


def test_the_same_seed_gives_the_same_dates():
    term("2025-2030")
    generate(provinces=1, committees=1, cells=2, seed=3, today=dt.date(2026, 3, 1))
    first = list(Congress.objects.order_by("organization__code").values_list("opening_date"))
    Congress.objects.all().delete()
    Organization.objects.all().delete()
    generate(provinces=1, committees=1, cells=2, seed=3, prefix="H", today=dt.date(2026, 3, 1))
    again = list(Congress.objects.order_by("organization__code").values_list("opening_date"))
    assert first == again
