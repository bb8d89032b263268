"""apps.twofactor.authentication: an API token of a required role counts only once enrolled."""

import pytest
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.authtoken.models import Token

from tests.second_factor import current_code, force_login_password_only

pytestmark = pytest.mark.django_db


def test_an_old_token_of_a_required_role_counts_only_after_enrolment(tree):
    old = Token.objects.create(user=tree.qb_standing)
    api = Client(headers={"Authorization": f"Token {old.key}"})
    refused = api.get("/api/v1/organizations/")
    assert refused.status_code == 401 and "xác thực hai lớp" in refused.json()["detail"]
    # enrolling on the web revokes the tokens issued without it
    web = Client()
    force_login_password_only(web, tree.qb_standing)
    web.get("/account/2fa/setup/")
    device = TOTPDevice.objects.get(user=tree.qb_standing)
    web.post("/account/2fa/setup/", {"token": current_code(device)})
    assert not Token.objects.filter(key=old.key).exists()
    assert api.get("/api/v1/organizations/").status_code == 401


def test_a_token_counts_for_an_enrolled_required_role_and_for_an_optional_one(tree):
    from tests.second_factor import enrol

    enrol(tree.qb_standing)
    for user in (tree.qb_standing, tree.qb_member):
        token = Token.objects.create(user=user)
        api = Client(headers={"Authorization": f"Token {token.key}"})
        assert api.get("/api/v1/organizations/").status_code == 200, user


def test_an_unknown_token_is_refused_as_drf_refuses_it(tree):
    api = Client(headers={"Authorization": "Token 0123456789abcdef"})
    refused = api.get("/api/v1/organizations/")
    assert refused.status_code == 401 and refused["WWW-Authenticate"] == "Token"
    assert "xác thực hai lớp" not in refused.json()["detail"]
