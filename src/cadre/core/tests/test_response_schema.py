"""Every response body agrees with the OpenAPI schema that describes it: required fields
are there, ``null`` only where the schema says nullable, formats hold (issue 17 #7)."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import yaml
from django.test import Client
from openapi_schema_validator import OAS30ReadValidator, oas30_format_checker

from cadre.competencies.tests.factories import published_framework


def _validator(schema: dict[str, Any], node: dict[str, Any]) -> Any:
    # One document holding the components, so that "#/components/..." references resolve.
    return OAS30ReadValidator(
        {"components": schema["components"], "allOf": [node]},
        format_checker=oas30_format_checker,
    )


def test_every_read_answers_as_its_schema_says(api_as, world) -> None:
    from cadre.people.services import employee_create

    published_framework(world.users["admin"], code="T")  # competencies with and without parent
    employee_create(  # no email, no phone
        actor=world.users["admin"],
        personal_id="KZ-0001",
        last_name="Ахметова",
        first_name="Динара",
        birth_date=dt.date(1990, 5, 17),
        gender="F",
        organisation=world.orgs["unit_a1"],
    )
    schema = yaml.safe_load(Client().get("/api/schema/").content)
    client = api_as("admin")
    ids: dict[str, list[Any]] = {}
    failures, checked = [], 0
    paths = sorted(schema["paths"].items(), key=lambda item: item[0].count("{"))
    for path, operations in paths:
        get = operations.get("get")
        if not get or "200" not in get["responses"]:
            continue
        content = get["responses"]["200"].get("content", {}).get("application/json")
        if content is None:
            continue
        params = re.findall(r"\{(\w+)\}", path)
        if len(params) > 1:
            continue
        url = path
        if params:
            listed = ids.get(path.split("{")[0])
            if not listed:
                continue
            url = path.replace(f"{{{params[0]}}}", str(listed[0]))
        response = client.get(url)
        if response.status_code != 200:
            continue  # an endpoint that needs query parameters
        body = response.json()
        if isinstance(body, dict) and isinstance(body.get("results"), list):
            ids[path] = [r.get("id") for r in body["results"] if isinstance(r, dict)]
        checked += 1
        error = next(iter(_validator(schema, content["schema"]).iter_errors(body)), None)
        if error is not None:
            failures.append((url, "/".join(map(str, error.absolute_path)), error.message[:120]))
    assert checked > 30
    assert failures == [], "\n".join(map(str, failures))


def test_a_national_role_has_a_null_organisation_and_an_empty_email_is_described(
    api_as, world
) -> None:
    me = api_as("admin").get("/api/v1/me/").json()
    assert me["email"] == ""
    assert me["roles"] == [
        {
            "id": me["roles"][0]["id"],
            "role": "national_admin",
            "organisation": None,
            "organisation_name": None,
        }
    ]
    schema = yaml.safe_load(Client().get("/api/schema/").content)["components"]["schemas"]
    assert schema["User"]["properties"]["email"]["oneOf"] == [
        {"type": "string", "format": "email"},
        {"type": "string", "maxLength": 0},
    ]
    assert schema["NestedRole"]["properties"]["organisation_name"]["nullable"] is True
    assert schema["Competency"]["properties"]["parent"]["nullable"] is True
