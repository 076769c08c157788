"""Bad input to the API: one stable error body, the field named, nothing changed."""

from __future__ import annotations

from typing import Any

from cadre.core.models import AuditEvent
from cadre.core.testing.world import World
from cadre.orgs.models import Organisation

URL = "/api/v1/organisations/"


def test_malformed_json_is_a_parse_error_and_changes_nothing(api_as, world: World) -> None:
    client = api_as("admin")
    before = (Organisation.objects.count(), AuditEvent.objects.count())
    response = client.post(
        URL, data='{"name": "x",', content_type="application/json", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 400
    body = response.json()
    assert body["status"] == 400
    assert [(e["field"], e["code"]) for e in body["errors"]] == [(None, "parse_error")]
    assert body["errors"][0]["message"].startswith("JSON parse error")
    assert (Organisation.objects.count(), AuditEvent.objects.count()) == before


def test_missing_and_wrongly_typed_fields_are_each_named(api_as, world: World) -> None:
    response = api_as("admin").post(
        URL, {"kind": "planet", "parent": "abc"}, format="json", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 400
    errors = {(e["field"], e["code"]): e["message"] for e in response.json()["errors"]}
    assert errors == {
        ("name", "required"): "This field is required.",
        ("code", "required"): "This field is required.",
        ("kind", "invalid_choice"): '"planet" is not a valid choice.',
        ("parent", "incorrect_type"): "Incorrect type. Expected pk value, received str.",
    }


def test_errors_come_in_the_language_of_the_request(api_as, world: World) -> None:
    response = api_as("admin").post(URL, {}, format="json", HTTP_ACCEPT_LANGUAGE="ru")
    messages = {e["field"]: e["message"] for e in response.json()["errors"]}
    assert messages["name"] == "Обязательное поле."


def test_a_duplicate_code_is_refused_with_the_field(api_as, world: World) -> None:
    response = api_as("admin").post(
        URL,
        {"name": "Again", "code": "BODY_A", "kind": "unit", "parent": world.orgs["country"].pk},
        format="json",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 400
    assert response.json()["errors"] == [
        {
            "field": "code",
            "code": "unique",
            "message": "An organisation with this code already exists.",
        }
    ]


def test_a_domain_refusal_names_its_field(api_as, world: World) -> None:
    body_a = world.orgs["body_a"]
    response = api_as("admin").patch(
        f"{URL}{body_a.pk}/",
        {"parent": world.orgs["unit_a1"].pk},
        format="json",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 400
    assert response.json()["errors"] == [
        {
            "field": "parent",
            "code": "cycle",
            "message": "An organisation cannot be moved under itself or its own descendants.",
        }
    ]
    body_a.refresh_from_db()
    assert body_a.parent_id == world.orgs["country"].pk


def test_an_unknown_page_answers_with_the_same_body(api_as, world: World) -> None:
    response = api_as("admin").get(URL + "?page=999", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 404
    assert response.json()["errors"][0]["field"] is None
    assert response.json()["errors"][0]["code"] == "not_found"


def test_a_bad_filter_value_is_named(api_as, world: World) -> None:
    response = api_as("admin").get(URL + "?kind=planet", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "kind"


def test_xlsx_export_holds_the_filtered_rows_in_scope(as_user, world: World) -> None:
    import io

    from openpyxl import load_workbook

    response = as_user("hr_a").get("/orgs/?export=xlsx&kind=unit", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="organisations-')
    sheet: Any = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.values)
    assert rows == [
        ("code", "name", "kind", "parent_code", "level", "is_it_unit"),
        ("UNIT_A1", "Unit A1", "unit", "BODY_A", None, False),
    ]


def test_csv_export_neutralises_formulas(as_user, world: World) -> None:
    from cadre.orgs.services import organisation_create

    organisation_create(
        actor=world.users["admin"],
        name="=HYPERLINK(1)",
        code="F1",
        kind="unit",
        parent=world.orgs["body_a"],
    )
    response = as_user("hr_a").get("/orgs/?export=csv&q=HYPERLINK")
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    assert text.splitlines()[1].startswith("F1,'=HYPERLINK(1),unit,BODY_A")
