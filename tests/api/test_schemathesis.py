"""Property-based run of every operation in /api/schema/ (bounded, deterministic): no 5xx, and
every response matches the schema (status code, content type, body). The WSGI app is called in
process, on the test database; the token is sent through schemathesis's auth hook so its own
authentication checks can remove it.

Left out on purpose: positive_data_acceptance (the services refuse schema-valid requests that
break a rule, e.g. an unknown organisation, with a documented 400) and the stateful checks that
need links between operations."""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from rest_framework.authtoken.models import Token
from schemathesis.checks import positive_data_acceptance

from tests.factories import CongressFactory
from tests.second_factor import enrol

TOKEN = "0123456789abcdef0123456789abcdef01234567"


@schemathesis.auth()
class TokenAuth:
    def get(self, case, context):
        return TOKEN

    def set(self, case, data, context):
        case.headers = {**(case.headers or {}), "Authorization": f"Token {data}"}


@pytest.fixture
def api_schema(db, tree):
    """As Django's test client does: keep the test's connection open across WSGI requests."""
    CongressFactory(organization=tree.qb)
    enrol(tree.qb_secretary)  # a secretary's token counts once the second factor is on
    Token.objects.create(user=tree.qb_secretary, key=TOKEN)
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield schemathesis.openapi.from_wsgi("/api/schema/", get_wsgi_application())
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


schema = schemathesis.pytest.from_fixture("api_schema")


@schema.parametrize()
@settings(max_examples=8, derandomize=True, deadline=None, suppress_health_check=list(HealthCheck))
def test_api_conforms_to_its_schema(case):
    case.call_and_validate(excluded_checks=[positive_data_acceptance])
