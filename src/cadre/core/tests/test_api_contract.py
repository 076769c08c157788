"""The API documents what it does (issue 16, item 8): every operation its error responses
with the one error body, strict bodies ``additionalProperties: false``, typed JSON fields;
state conflicts answer 409; a create or update answers what a following read does."""

from __future__ import annotations

import datetime as dt
from typing import Any

import yaml
from django.test import Client

from cadre.people.choices import EducationLevel
from cadre.people.models import Specialty

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def _schema() -> dict[str, Any]:
    return yaml.safe_load(Client().get("/api/schema/").content)


def test_every_operation_documents_its_errors_with_the_one_error_body(db: None) -> None:
    schema = _schema()
    assert schema["components"]["schemas"]["Error"] == {
        "type": "object",
        "description": "The one error body of the API (``cadre.core.api.errors``).",
        "properties": {
            "status": {"type": "integer", "description": "The HTTP status, repeated."},
            "errors": {"type": "array", "items": {"$ref": "#/components/schemas/ErrorItem"}},
        },
        "required": ["errors", "status"],
    }
    assert set(schema["components"]["schemas"]["ErrorItem"]["properties"]) == {
        "field",
        "code",
        "message",
    }
    missing = []
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            documented = set(operation["responses"])
            public = operation.get("security") == [{}] or {} in operation.get("security", [])
            expected = set()
            if method in ("post", "put", "patch", "delete") or any(
                p["in"] == "query" for p in operation.get("parameters", [])
            ):
                expected.add("400")
            if not public:
                expected |= {"401", "403"}
            if "{" in path:
                expected.add("404")
            if "{" in path and method != "get" and not public:
                expected.add("409")
            if not expected <= documented:
                missing.append((method.upper(), path, sorted(expected - documented)))
            for code in expected:
                body = operation["responses"][code]["content"]["application/json"]["schema"]
                if code != "404" or "{identifier}" not in path:
                    assert body == {"$ref": "#/components/schemas/Error"}, (method, path, code)
    assert missing == []
    deletion = schema["paths"]["/api/v1/organisations/{id}/"]["delete"]["responses"]
    assert set(deletion) == {"204", "400", "401", "403", "404", "409"}
    rating = schema["paths"]["/api/v1/ratings/"]["post"]["responses"]
    assert set(rating) == {"201", "400", "429"}


def test_bodies_that_refuse_unknown_fields_say_so(db: None) -> None:
    components = _schema()["components"]["schemas"]
    for name in ("EmployeeRequest", "PatchedEmployeeRequest", "OrganisationRequest"):
        assert components[name]["additionalProperties"] is False, name
    # A body that takes what it knows and ignores the rest does not claim to refuse it.
    assert "additionalProperties" not in components["ImportRequestRequest"]


def test_json_fields_are_typed(db: None) -> None:
    components = _schema()["components"]["schemas"]
    texts = {"type": "object", "additionalProperties": {"type": "string"}}
    assert texts.items() <= components["ServiceType"]["properties"]["names"].items()
    assert texts.items() <= components["Framework"]["properties"]["names"].items()
    assert texts.items() <= components["Course"]["properties"]["titles"].items()
    assert components["Course"]["properties"]["outcomes"]["items"] == {
        "$ref": "#/components/schemas/Outcome"
    }
    assert components["Campaign"]["properties"]["progress"]["items"] == {
        "$ref": "#/components/schemas/CampaignProgress"
    }
    untyped = [
        (name, field)
        for name, component in components.items()
        for field, prop in component.get("properties", {}).items()
        if not {"type", "$ref", "allOf", "oneOf", "anyOf"} & set(prop)
    ]
    assert untyped == []


def test_a_state_conflict_answers_409(api_as, world) -> None:
    api = api_as("admin")
    response = api.delete(f"/api/v1/organisations/{world.orgs['body_a'].pk}/", **EN)
    assert response.status_code == 409
    assert response.json() == {
        "status": 409,
        "errors": [
            {
                "field": None,
                "code": "has_children",
                "message": "This organisation has organisations under it; move or delete "
                "them first.",
            }
        ],
    }
    assert world.orgs["body_a"].__class__.objects.filter(pk=world.orgs["body_a"].pk).exists()
    # Any other refusal of a service stays a 400.
    taken = api.post(
        "/api/v1/organisations/",
        {"name": "Again", "code": "BODY_A", "kind": "central_body"},
        format="json",
        **EN,
    )
    assert taken.status_code == 400
    assert taken.json()["errors"][0]["code"] == "unique"


def test_employee_create_and_update_answer_as_a_following_read(api_as, world) -> None:
    from cadre.orgs.services import post_create
    from cadre.people.services import assignment_create, education_add

    api = api_as("hr_a")
    created = api.post(
        "/api/v1/employees/",
        {
            "personal_id": "KZ-0042",
            "last_name": "Серікова",
            "first_name": "Айгерім",
            "birth_date": "1992-03-04",
            "gender": "F",
            "organisation": world.orgs["unit_a1"].pk,
        },
        format="json",
    )
    assert created.status_code == 201, created.json()
    url = f"/api/v1/employees/{created.json()['id']}/"
    assert created.json() == api.get(url).json()
    assert created.json()["has_it_specialty"] is False

    from cadre.people.models import Employee

    employee = Employee.objects.get(pk=created.json()["id"])
    post = post_create(
        actor=world.users["admin"],
        organisation=world.orgs["unit_a1"],
        code="DEV-1",
        title="Developer",
        category="C-4",
        salary_min="100000",
        salary_max="150000",
        currency="KZT",
        positions=2,
    )
    assignment_create(
        actor=world.users["admin"], employee=employee, post=post, start_date=dt.date(2024, 1, 1)
    )
    education_add(
        actor=world.users["admin"],
        employee=employee,
        level=EducationLevel.BACHELOR,
        specialty=Specialty.objects.get(code="09.03.01"),
        institution="KBTU",
        year=2014,
    )
    updated = api.patch(url, {"last_name": "Серік"}, format="json", HTTP_X_CADRE_REASON="Typo")
    assert updated.status_code == 200, updated.json()
    assert updated.json()["current_post"] == "Developer"
    assert updated.json()["has_it_specialty"] is True
    assert updated.json() == api.get(url).json()

    post_url = f"/api/v1/posts/{post.pk}/"
    renamed = api.patch(post_url, {"title": "Senior developer"}, format="json")
    assert renamed.status_code == 200, renamed.json()
    assert renamed.json()["filled"] == 1
    assert renamed.json() == api.get(post_url).json()


def test_an_id_filter_refuses_what_no_id_column_holds(api_as, world) -> None:
    api = api_as("admin")
    for value in ("-1.7976931348623157e+308", "99999999999999999999", "1.5"):
        response = api.get("/api/v1/role-assignments/", {"user": value}, **EN)
        assert response.status_code == 400, (value, response.content)
        assert [e["field"] for e in response.json()["errors"]] == ["user"]
    assert api.get("/api/v1/role-assignments/", {"user": "999999"}).json()["count"] == 0


def test_an_id_in_a_path_that_no_id_column_holds_is_not_found(api_as, world) -> None:
    api = api_as("admin")
    for value in ("43693469649704166750090740019232768", "9999999999999999999"):
        response = api.get(f"/api/v1/employee-scores/{value}/", **EN)
        assert response.status_code == 404, (value, response.content)
