"""The published OpenAPI schema is valid OpenAPI 3 and describes the API."""

from __future__ import annotations

import yaml
from django.test import Client
from openapi_spec_validator import validate


def test_schema_is_valid_openapi_3(db: None) -> None:
    response = Client().get("/api/schema/")
    assert response.status_code == 200
    schema = yaml.safe_load(response.content)
    validate(schema)
    assert schema["openapi"].startswith("3.")
    paths = set(schema["paths"])
    for expected in (
        "/api/v1/me/",
        "/api/v1/organisations/",
        "/api/v1/organisations/{id}/",
        "/api/v1/users/",
        "/api/v1/role-assignments/",
        "/api/v1/tokens/",
        "/api/v1/audit-events/",
        "/api/v1/audit-events/verify/",
        "/api/v1/jobs/{id}/",
    ):
        assert expected in paths
    assert "tokenAuth" in schema["components"]["securitySchemes"]


def test_docs_ui_is_served_from_the_app_without_a_cdn(db: None) -> None:
    page = Client().get("/api/docs/").content.decode()
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in page
    assert "cdn" not in page.lower()
    asset = Client().get("/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js")
    assert asset.status_code == 200
