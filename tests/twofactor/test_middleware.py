"""apps.twofactor.middleware: a signed-in user who owes the second step reaches only the steps."""

import pytest
from django.test import Client

from tests.second_factor import enrol, force_login_password_only
from tests.twofactor.plans import approve, snapshot

pytestmark = pytest.mark.django_db


def test_a_required_role_without_the_second_factor_cannot_reach_an_approving_page(
    tree, submitted_plan
):
    client = Client()
    force_login_password_only(client, tree.qb_standing)
    before = snapshot(submitted_plan)
    page = client.get(f"/personnel/congress/{submitted_plan.congress_id}/plan/")
    assert page.status_code == 302
    assert page["Location"].startswith("/account/2fa/setup/?next=%2Fpersonnel%2Fcongress%2F")
    refused = approve(client, submitted_plan)
    assert refused.status_code == 302 and refused["Location"].startswith("/account/2fa/setup/")
    assert snapshot(submitted_plan) == before  # nothing approved, nothing written
    for path in ("/", "/org/", "/congresses/org/QB/", "/admin/"):
        assert client.get(path)["Location"].startswith("/account/2fa/setup/"), path
    api = client.get("/api/v1/organizations/")
    assert api.status_code == 403 and "xác thực hai lớp" in api.json()["detail"]


def test_a_half_signed_in_user_may_still_sign_out_and_switch_language(tree):
    enrol(tree.qb_secretary)
    client = Client()
    force_login_password_only(client, tree.qb_secretary)
    assert client.get("/org/")["Location"] == "/account/2fa/verify/?next=%2Forg%2F"
    assert client.get("/account/2fa/verify/").status_code == 200
    switched = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert switched.status_code == 302 and switched.cookies["django_language"].value == "en"
    out = client.post("/logout/")
    assert out.status_code == 302 and "_auth_user_id" not in client.session


def test_a_user_who_owes_nothing_passes_untouched(tree):
    client = Client()
    force_login_password_only(client, tree.qb_committee)  # optional role, not enrolled
    assert client.get("/org/").status_code == 200
    assert client.get("/api/v1/organizations/").status_code == 200
