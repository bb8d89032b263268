"""apps.api.errors: a service's refusal becomes an HTTP answer: 403 for permission, 409 with
every reason for a rule, 400 on the field named or with reasons, 401 asking for a token."""

import pytest
from rest_framework import exceptions

from apps.api.errors import exception_handler
from apps.congresses.services import RuleViolation
from apps.core.errors import DomainError, PermissionDenied


def _answer(exc):
    response = exception_handler(exc, {"view": None, "request": None})
    return response.status_code, response.data


def test_a_permission_refusal_is_403_with_its_message():
    assert _answer(PermissionDenied("Không có quyền.", ["a", "b"])) == (
        403,
        {"detail": "Không có quyền."},
    )


def test_a_rule_refusal_is_409_with_every_reason():
    violation = RuleViolation("Chưa được khai mạc.", ["Thiếu R30.", "Thiếu RA."])
    assert _answer(violation) == (
        409,
        {"detail": "Chưa được khai mạc.", "reasons": ["Thiếu R30.", "Thiếu RA."]},
    )


def test_a_domain_refusal_is_400_on_its_field_or_with_its_reasons():
    assert _answer(DomainError("Ngày không hợp lệ.", field="opening_date")) == (
        400,
        {"opening_date": ["Ngày không hợp lệ."]},
    )
    assert _answer(DomainError("Trùng lần thứ.")) == (
        400,
        {"detail": "Trùng lần thứ.", "reasons": ["Trùng lần thứ."]},
    )


@pytest.mark.parametrize(
    "exc", [exceptions.NotAuthenticated(), exceptions.AuthenticationFailed("Sai mã.")]
)
def test_no_or_bad_credentials_are_401_asking_for_a_token(exc):
    response = exception_handler(exc, {"view": None, "request": None})
    assert response.status_code == 401 and response["WWW-Authenticate"] == "Token"


def test_other_errors_are_drfs_own_and_unknown_ones_are_left_to_django():
    response = exception_handler(exceptions.NotFound(), {"view": None, "request": None})
    assert response.status_code == 404
    assert exception_handler(ValueError("bug"), {"view": None, "request": None}) is None
