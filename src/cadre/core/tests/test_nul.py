"""A NUL character in any text a request carries — body, query string, URL segment — is a
400 naming the field, on PostgreSQL (whose text columns cannot hold it) as on SQLite, and
changes nothing."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import yaml
from django.test import Client

from cadre.core.models import AuditEvent

NUL_ERROR = {"code": "null_characters_not_allowed", "message": "Null characters are not allowed."}
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def _schema() -> dict[str, Any]:
    return yaml.safe_load(Client().get("/api/schema/").content)


def _resolve(schema: dict[str, Any], node: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in node:
        node = schema["components"]["schemas"][node["$ref"].rsplit("/", 1)[1]]
    return node


def test_every_query_parameter_of_every_list(api_as, world) -> None:
    schema = _schema()
    client = api_as("admin")
    failures = []
    checked = 0
    for path, operations in schema["paths"].items():
        if "{" in path or "get" not in operations:
            continue
        for parameter in operations["get"].get("parameters", []):
            if parameter["in"] != "query":
                continue
            name = parameter["name"]
            response = client.get(path, {name: "a\x00"}, **EN)
            checked += 1
            expected = {"status": 400, "errors": [{"field": name, **NUL_ERROR}]}
            if response.status_code != 400 or response.json() != expected:
                failures.append((path, name, response.status_code))
    assert checked > 50
    assert failures == []


def test_every_text_field_of_every_create(api_as, world) -> None:
    schema = _schema()
    client = api_as("admin")
    failures = []
    checked = 0
    for path, operations in schema["paths"].items():
        if "{" in path or "post" not in operations:
            continue
        content = operations["post"].get("requestBody", {}).get("content", {})
        media, body = next(iter(content.items()), (None, None))
        if body is None:
            continue
        properties = _resolve(schema, body["schema"]).get("properties", {})
        for name, prop in properties.items():
            prop = _resolve(schema, prop)
            if prop.get("readOnly") or prop.get("type") not in ("string", None):
                continue
            if prop.get("format") == "binary":
                continue
            before = AuditEvent.objects.count()
            fmt = "multipart" if media == "multipart/form-data" else "json"
            response = client.post(path, {name: "a\x00"}, format=fmt, **EN)
            checked += 1
            expected = {"status": 400, "errors": [{"field": name, **NUL_ERROR}]}
            if response.status_code != 400 or response.json() != expected:
                failures.append((path, name, response.status_code, response.content[:200]))
            assert AuditEvent.objects.count() == before
    assert checked > 20
    assert failures == []


def test_a_code_with_nul_is_refused_and_nothing_is_saved(api_as, world) -> None:
    """The report's case: ``"specialty": "a\\u0000"`` was a server error on PostgreSQL."""
    from cadre.people.models import Education
    from cadre.people.services import employee_create

    person = employee_create(
        actor=world.users["hr_a"],
        personal_id="KZ-NUL",
        last_name="Nul",
        first_name="Case",
        birth_date=dt.date(1990, 5, 17),
        gender="F",
        organisation=world.orgs["unit_a1"],
    )
    response = api_as("hr_a").post(
        "/api/v1/education/",
        {"employee": person.pk, "level": 4, "specialty": "a\x00", "year": 2015},
        format="json",
        **EN,
    )
    assert response.status_code == 400
    assert response.json() == {"status": 400, "errors": [{"field": "specialty", **NUL_ERROR}]}
    assert not Education.objects.exists()


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"names": {"en": "a\x00"}}, "names.en"),
        ({"names": {"en\x00": "a"}}, "names"),
        ({"code": ["a", "b\x00"]}, "code.1"),
        ("a\x00", None),
    ],
)
def test_nul_deep_in_a_json_body_is_named(api_as, world, body, field) -> None:
    response = api_as("admin").post("/api/v1/service-types/", body, format="json", **EN)
    assert response.status_code == 400
    assert response.json() == {"status": 400, "errors": [{"field": field, **NUL_ERROR}]}


def test_nul_in_a_form_body_is_named(api_as, world) -> None:
    response = api_as("admin").post(
        "/api/v1/service-types/", {"code": "a\x00", "name": "x"}, format="multipart", **EN
    )
    assert response.status_code == 400
    assert response.json() == {"status": 400, "errors": [{"field": "code", **NUL_ERROR}]}


def test_nul_in_a_url_segment_is_named(world) -> None:
    api = Client().get("/api/v1/certificate-checks/a%00/", HTTP_ACCEPT_LANGUAGE="en")
    assert api.status_code == 400
    assert api.json() == {"status": 400, "errors": [{"field": "identifier", **NUL_ERROR}]}
    page = Client().get("/v/a%00/", HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 400
    assert page.content.decode() == "identifier: Null characters are not allowed."


def test_nul_in_a_page_query_string_is_refused(as_user, world) -> None:
    page = as_user("hr_a").get("/people/", {"q": "a\x00"}, **EN)
    assert page.status_code == 400
    assert page.content.decode() == "q: Null characters are not allowed."
