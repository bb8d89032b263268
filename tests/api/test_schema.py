"""apps.api.schema: the OpenAPI document lists every operation with the errors it can answer."""

import pytest
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db


def api(user=None):
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


def test_schema_and_docs(tree):
    client = api(tree.qb_secretary)
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    assert "/api/v1/congresses/{id}/open/" in schema["paths"]
    kinds = schema["components"]["schemas"]["DocumentKindEnum"]["enum"]
    assert "political_report" in kinds
    assert client.get("/api/docs/").status_code == 200


def test_the_schema_declares_nullable_comment_organisation_and_page_size_bounds(client):
    schema = client.get("/api/schema/?format=json").json()
    organization = schema["components"]["schemas"]["Comment"]["properties"]["organization"]
    assert organization["nullable"] is True
    page_sizes = [
        parameter["schema"]
        for path in schema["paths"].values()
        for operation in path.values()
        for parameter in operation.get("parameters", [])
        if parameter["name"] == "page_size"
    ]
    assert page_sizes and all(
        (p["minimum"], p["maximum"], p["default"]) == (1, 500, 50) for p in page_sizes
    )


def test_document_errors_adds_the_error_answers_each_operation_can_give():
    from apps.api.schema import DESCRIPTIONS, document_errors

    result = {
        "paths": {
            "/api/v1/things/": {"get": {}, "post": {"responses": {"201": {"description": "ok"}}}},
            "/api/v1/things/{id}/": {"patch": {}, "delete": {}},
        }
    }
    out = document_errors(result, generator=None, request=None, public=True)
    codes = {
        (path, method): sorted(operation["responses"])
        for path, operations in out["paths"].items()
        for method, operation in operations.items()
    }
    assert codes == {
        ("/api/v1/things/", "get"): ["400", "401", "403", "404", "429"],
        ("/api/v1/things/", "post"): ["201", "400", "401", "403", "404", "409", "429"],
        ("/api/v1/things/{id}/", "patch"): ["400", "401", "403", "404", "429"],
        ("/api/v1/things/{id}/", "delete"): ["400", "401", "403", "404", "429"],
    }
    conflict = out["paths"]["/api/v1/things/"]["post"]["responses"]["409"]
    assert conflict["description"] == DESCRIPTIONS["409"]
    assert conflict["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/Error"
    }


def test_document_errors_keeps_an_answer_already_described_and_adds_the_error_shape():
    from apps.api.schema import ERROR, document_errors

    own = {"description": "Không tìm thấy đại hội"}
    result = {"paths": {"/x/{id}/": {"get": {"responses": {"404": own}}}}}
    out = document_errors(result, None, None, True)
    assert out["paths"]["/x/{id}/"]["get"]["responses"]["404"] is own
    assert out["components"]["schemas"]["Error"] == ERROR
    assert document_errors({}, None, None, True) == {"components": {"schemas": {"Error": ERROR}}}


def test_api_docs_use_no_cdn(client):
    body = client.get("/api/docs/").content.decode()
    assert (
        "cdn." not in body and "jsdelivr" not in body and "/static/drf_spectacular_sidecar/" in body
    )
