"""The OpenAPI document is valid and describes the ingest endpoint as it behaves."""

import pytest
from openapi_spec_validator import validate

REPORTS_PATH = "/api/v1/sites/{site_key}/reports"


@pytest.fixture
def spec(client, db):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("application/json")
    return response.json()


def _resolve(spec, schema):
    while "$ref" in schema:
        *_, name = schema["$ref"].split("/")
        schema = spec["components"]["schemas"][name]
    return schema


def test_document_is_valid_openapi(spec):
    validate(spec)
    assert spec["openapi"].startswith("3.")
    assert spec["info"]["title"] == "Corrigenda API"


def test_report_endpoint_is_documented_with_every_answer(spec):
    operation = spec["paths"][REPORTS_PATH]["post"]
    assert [p["name"] for p in operation["parameters"]] == ["site_key"]
    assert operation["parameters"][0]["in"] == "path"
    assert set(operation["responses"]) == {
        "200",
        "201",
        "400",
        "403",
        "404",
        "413",
        "414",
        "415",
        "422",
        "429",
    }
    for status in ("200", "201"):
        schema = operation["responses"][status]["content"]["application/json"]["schema"]
        assert set(_resolve(spec, schema)["properties"]) == {"id", "status", "kind"}
    for status in ("400", "403", "404", "413", "415", "422", "429"):
        schema = operation["responses"][status]["content"]["application/json"]["schema"]
        error = _resolve(spec, _resolve(spec, schema)["properties"]["error"])
        assert {"code", "message", "fields"} <= set(error["properties"])


def test_report_in_schema_lists_every_field_of_the_widget_payload(spec):
    operation = spec["paths"][REPORTS_PATH]["post"]
    body = operation["requestBody"]["content"]["application/json"]["schema"]
    report_in = _resolve(spec, body)
    assert set(report_in["properties"]) == {
        "url",
        "canonical_url",
        "title",
        "language",
        "section",
        "author",
        "text",
        "selector",
        "kind",
        "suggestion",
        "comment",
        "email",
        "idempotency_key",
        "website",
    }
    assert set(report_in["required"]) == {"url", "idempotency_key"}
    props = report_in["properties"]
    assert set(props["kind"]["enum"]) == {"typo", "factual", "clarification", "other"}
    assert props["text"]["maxLength"] == 200_000
    assert props["comment"]["maxLength"] == 4000
    assert props["idempotency_key"]["pattern"] == "^[A-Za-z0-9_-]{8,64}$"
    selector_types = {
        _resolve(spec, option)["properties"]["type"]["const"]
        for option in props["selector"]["items"]["oneOf"]
    }
    assert selector_types == {"TextQuoteSelector", "TextPositionSelector"}


def test_every_operation_documents_the_414_of_an_address_too_long(client):
    document = client.get("/api/v1/openapi.json").json()
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            assert "414" in operation["responses"], f"{method} {path}"
