"""The national data generator (apps/devtools/generator.py), at a tiny scale."""

import datetime as dt
import io

import pytest
from django.core.management import call_command

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
    cell, committee = (Organization.objects.get(code=c) for c in ("G01-01-2", "G01-01"))
    assert cell.path.startswith(committee.path) and cell.depth == committee.depth + 1

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


def test_generated_users_sign_in_through_the_form_under_production_hashers(
    client, settings, production_hashers
):
    """Issue 21 item 5: the test settings hash with MD5, which production does not accept."""
    from django.contrib.auth.hashers import check_password, identify_hasher

    from apps.devtools.generator import PASSWORD

    assert "MD5" in settings.PASSWORD_HASHERS[0]  # what make_password would have used here
    term("2025-2030")
    generate(provinces=1, committees=1, cells=1, today=dt.date(2026, 3, 1))
    settings.PASSWORD_HASHERS = production_hashers
    user = Membership.objects.get(organization__code="G00-00-0", role=Role.SECRETARY).user
    assert identify_hasher(user.password).algorithm == "pbkdf2_sha256"
    assert production_hashers[0].endswith("PBKDF2PasswordHasher")
    stored = user.password
    others = set(
        Membership.objects.exclude(user=user).values_list("user__password", flat=True).distinct()
    )
    assert others == {stored}  # hashed once, shared

    refused = client.post("/login/", {"username": user.username, "password": "wrong"})
    assert refused.status_code == 200 and "_auth_user_id" not in client.session

    response = client.post("/login/", {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)
    user.refresh_from_db()
    assert user.password == stored  # not re-hashed: the production hasher made it
    assert check_password(PASSWORD, stored)


def test_an_older_data_set_is_rehashed_for_production(settings, production_hashers):
    """A set generated before the production hash: its users get it, nobody else is touched."""
    from django.contrib.auth.hashers import check_password, make_password

    from apps.accounts.models import User
    from apps.devtools.generator import PASSWORD, passwords_rehash
    from tests.factories import UserFactory

    term("2025-2030")
    generate(provinces=1, committees=1, cells=1, today=dt.date(2026, 3, 1))
    generated = User.objects.filter(username__startswith="g")
    generated.update(password=make_password(PASSWORD))  # MD5 under the test settings
    other = UserFactory(username="gia.bao")
    before = other.password
    out = io.StringIO()
    call_command("generate_dataset", "--rehash-passwords", stdout=out)
    assert out.getvalue().startswith(f"{generated.count() - 1} users re-hashed")
    settings.PASSWORD_HASHERS = production_hashers
    for user in generated.exclude(pk=other.pk):
        assert user.password.startswith("pbkdf2_sha256$") and check_password(
            PASSWORD, user.password
        )
    other.refresh_from_db()
    assert other.password == before
    assert passwords_rehash(prefix="H") == 0  # another prefix: no such users
