"""apps.twofactor.policy: who must pass the second step, and who is asked for it by choice."""

import os
import subprocess
import sys

import pytest

from apps.twofactor.policy import (
    ENROLLED_SESSION_KEY,
    second_factor_expected,
    second_factor_required,
)
from tests.second_factor import enrol

pytestmark = pytest.mark.django_db


def test_who_must_use_the_second_factor(tree, admin_user):
    required = [
        tree.qb_secretary,  # approves personnel plans
        tree.qb_standing,  # approves plans, decides reports, ratifies
        tree.central_standing,
        tree.ptm_secretary,
        tree.qb_officer,  # imports organisations and people
        admin_user,  # the admin site can do all of it
    ]
    optional = [tree.qb_committee, tree.qb_member, tree.outsider]
    assert [second_factor_required(u) for u in required] == [True] * len(required)
    assert [second_factor_required(u) for u in optional] == [False] * len(optional)


def test_production_cannot_turn_the_requirement_off():
    env = {
        **os.environ,
        "SECRET_KEY": "x" * 50,
        "DATABASE_URL": "postgres://u@h/db",
        "TWO_FACTOR_REQUIRED": "0",
    }
    result = subprocess.run(
        [sys.executable, "-c", "import congress_portal.settings.prod"],
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0 and "TWO_FACTOR_REQUIRED" in result.stderr
    dev = subprocess.run(
        [
            sys.executable,
            "-c",
            "import congress_portal.settings.dev as s; print(s.TWO_FACTOR_REQUIRED)",
        ],
        env={k: v for k, v in os.environ.items() if k != "TWO_FACTOR_REQUIRED"},
        capture_output=True,
        text=True,
        check=True,
    )
    assert dev.stdout.strip() == "False"  # the demo only


def test_nobody_is_required_when_the_demo_turns_the_requirement_off(tree, settings):
    settings.TWO_FACTOR_REQUIRED = False
    assert not second_factor_required(tree.qb_secretary)
    assert not second_factor_expected(tree.qb_secretary)


def test_an_anonymous_visitor_is_neither_required_nor_expected(db):
    from django.contrib.auth.models import AnonymousUser

    assert second_factor_required(AnonymousUser()) is False
    assert second_factor_expected(AnonymousUser()) is False


def test_a_required_role_is_expected_whatever_the_session_says(tree):
    assert second_factor_expected(tree.qb_secretary, {ENROLLED_SESSION_KEY: False}) is True


def test_an_optional_user_is_expected_once_enrolled_and_the_session_answers_first(tree):
    member = tree.qb_committee
    assert second_factor_expected(member) is False  # no device, no session
    enrol(member)
    assert second_factor_expected(member) is True  # the device, asked of the database
    # what the sign-in remembered wins over the database (no query per request)
    assert second_factor_expected(member, {ENROLLED_SESSION_KEY: False}) is False
    assert second_factor_expected(tree.qb_member, {ENROLLED_SESSION_KEY: True}) is True
    assert second_factor_expected(member, {}) is True  # a session without the key asks the device
