"""The OpenAPI 3 schema validates, describes every field in Vietnamese, and its docs page
works offline under the Content-Security-Policy."""

import json
import re

import pytest
from django.urls import reverse
from openapi_spec_validator import validate

pytestmark = pytest.mark.django_db


@pytest.fixture
def schema(inspector, api_client):
    response = api_client(inspector).get(reverse("api:schema"), {"format": "json"})
    assert response.status_code == 200
    return json.loads(response.content)


def test_the_schema_is_valid_openapi_3(schema):
    assert schema["openapi"].startswith("3.")
    validate(schema)  # raises on any violation of the OpenAPI 3 specification


def test_every_endpoint_and_every_field_is_described(schema):
    for path, operations in schema["paths"].items():
        assert path.startswith("/api/v1/")
        for method, operation in operations.items():
            assert operation.get("summary"), f"{method.upper()} {path} has no summary"
    missing = [
        f"{name}.{field}"
        for name, component in schema["components"]["schemas"].items()
        for field, spec in component.get("properties", {}).items()
        if not (spec.get("description") or spec.get("allOf") or spec.get("$ref"))
    ]
    assert not missing, f"fields without a description: {missing}"
    not_vietnamese = [
        f"{name}.{field}: {spec['description']}"
        for name, component in schema["components"]["schemas"].items()
        for field, spec in component.get("properties", {}).items()
        if spec.get("description") and spec["description"].isascii()
    ]
    assert not not_vietnamese, f"descriptions not in Vietnamese: {not_vietnamese}"
    assert schema["components"]["securitySchemes"]["maTruyCap"]["scheme"] == "bearer"


def test_the_docs_page_loads_its_files_from_us_under_the_csp(client, inspector):
    client.force_login(inspector)
    page = client.get(reverse("api:docs"))
    html = page.content.decode()
    assert page.status_code == 200
    assert "script-src 'self'" in page["Content-Security-Policy"]
    sources = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert sources and all(source.startswith("/") for source in sources), sources
    assert "<script>" not in html and "<style" not in html  # nothing inline for the CSP to block
    assert client.get(reverse("api:docs"), {"script": ""}).status_code == 200
