"""Why a person's record was changed by hand: the reason is required, through the API
(``X-Cadre-Reason``) and the pages, and lands in the audit event (issue 17, item 22)."""

from __future__ import annotations

import datetime as dt
from urllib.parse import quote

import pytest

from cadre.core.models import AuditEvent
from cadre.core.testing.world import World
from cadre.people import services
from cadre.people.models import Education, Employee, Specialty

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
RU = {"HTTP_ACCEPT_LANGUAGE": "ru"}
MISSING_EN = "Give the reason for this change; it is kept in the audit log."


@pytest.fixture
def person(world: World) -> Employee:
    return services.employee_create(
        actor=world.users["hr_a"],
        personal_id="KZ-0200",
        last_name="Ахметова",
        first_name="Динара",
        birth_date=dt.date(1990, 5, 17),
        gender="F",
        organisation=world.orgs["unit_a1"],
    )


@pytest.fixture
def education(world: World, person: Employee) -> Education:
    return services.education_add(
        actor=world.users["hr_a"],
        employee=person,
        level=3,
        specialty=Specialty.objects.get(code="09.03.01"),
        institution="ENU",
        year=2012,
    )


def _events(person: Employee) -> list[tuple[str, str]]:
    return list(
        AuditEvent.objects.filter(object_type="people.employee", object_id=str(person.pk))
        .order_by("id")
        .values_list("action", "reason")
    )


def test_a_change_to_a_person_without_a_reason_is_refused_in_the_users_language(
    api_as, world, person
) -> None:
    client = api_as("hr_a")
    before = _events(person)
    answer = client.patch(
        f"/api/v1/employees/{person.pk}/", {"last_name": "Иванова"}, format="json", **EN
    )
    assert answer.status_code == 400
    assert answer.json()["errors"] == [
        {"field": "reason", "code": "required", "message": MISSING_EN}
    ]
    blank = client.patch(
        f"/api/v1/employees/{person.pk}/",
        {"last_name": "Иванова"},
        format="json",
        HTTP_X_CADRE_REASON="   ",
        **RU,
    )
    assert blank.status_code == 400
    assert blank.json()["errors"] == [
        {
            "field": "reason",
            "code": "blank",
            "message": "Укажите причину изменения; она сохраняется в журнале аудита.",
        }
    ]
    person.refresh_from_db()
    assert person.last_name == "Ахметова"
    assert _events(person) == before


def test_the_reason_lands_in_the_audit_event_raw_or_percent_encoded(api_as, world, person) -> None:
    client = api_as("hr_a")
    why = "Приказ № 17 от 01.02.2026"
    raw = client.patch(
        f"/api/v1/employees/{person.pk}/",
        {"last_name": "Иванова"},
        format="json",
        HTTP_X_CADRE_REASON=why.encode().decode("latin-1"),  # UTF-8 bytes, as curl sends
    )
    assert raw.status_code == 200, raw.json()
    encoded = client.patch(
        f"/api/v1/employees/{person.pk}/",
        {"last_name": "Петрова"},
        format="json",
        HTTP_X_CADRE_REASON=quote("Sửa lỗi chính tả"),  # as a browser's fetch must
    )
    assert encoded.status_code == 200, encoded.json()
    assert _events(person)[-2:] == [("update", why), ("update", "Sửa lỗi chính tả")]
    event = AuditEvent.objects.filter(object_id=str(person.pk)).order_by("-id").first()
    assert event is not None and event.source == "api"


def test_creating_a_person_needs_no_reason_but_keeps_one(api_as, world) -> None:
    client = api_as("hr_a")
    data = {
        "personal_id": "KZ-0300",
        "last_name": "Нурланов",
        "first_name": "Ерлан",
        "birth_date": "1988-01-02",
        "gender": "M",
        "organisation": world.orgs["unit_a1"].pk,
    }
    made = client.post("/api/v1/employees/", data, format="json")
    assert made.status_code == 201, made.json()
    second = client.post(
        "/api/v1/employees/",
        {**data, "personal_id": "KZ-0301"},
        format="json",
        HTTP_X_CADRE_REASON="Hired",
    )
    assert second.status_code == 201
    people = Employee.objects.filter(personal_id__in=["KZ-0300", "KZ-0301"]).order_by("pk")
    assert [_events(p) for p in people] == [[("create", "")], [("create", "Hired")]]


def test_the_body_and_the_reason_are_refused_at_once(api_as, world, person) -> None:
    answer = api_as("hr_a").patch(
        f"/api/v1/employees/{person.pk}/", {"birth_date": "31.02.1990"}, format="json", **EN
    )
    assert answer.status_code == 400
    assert [(e["field"], e["code"]) for e in answer.json()["errors"]] == [
        ("birth_date", "invalid"),
        ("reason", "required"),
    ]


def test_a_reason_with_a_nul_character_is_refused(api_as, world, person) -> None:
    answer = api_as("hr_a").patch(
        f"/api/v1/employees/{person.pk}/",
        {"last_name": "Иванова"},
        format="json",
        HTTP_X_CADRE_REASON="a\x00b",
        **EN,
    )
    assert answer.status_code == 400
    assert [(e["field"], e["code"]) for e in answer.json()["errors"]] == [
        ("reason", "null_characters_not_allowed")
    ]
    person.refresh_from_db()
    assert person.last_name == "Ахметова"


def test_removing_a_record_or_ending_a_post_needs_a_reason_through_the_api(
    api_as, world, person, education
) -> None:
    client = api_as("hr_a")
    before = _events(person)
    refused = client.delete(f"/api/v1/education/{education.pk}/", **EN)
    assert refused.status_code == 400
    assert refused.json()["errors"] == [
        {"field": "reason", "code": "required", "message": MISSING_EN}
    ]
    assert Education.objects.filter(pk=education.pk).exists()
    assert _events(person) == before
    removed = client.delete(
        f"/api/v1/education/{education.pk}/", HTTP_X_CADRE_REASON="Entered twice"
    )
    assert removed.status_code == 204
    assert not Education.objects.filter(pk=education.pk).exists()
    assert _events(person)[-1] == ("education.delete", "Entered twice")


def test_removing_a_record_on_the_page_asks_why(as_user, world, person, education) -> None:
    client = as_user("hr_a")
    url = f"/people/{person.pk}/education/{education.pk}/delete/"
    page = client.get(f"/people/{person.pk}/", **EN).content.decode()
    assert f'href="{url}"' in page
    form = client.get(url, **EN).content.decode()
    assert "Reason for the change" in form and 'name="reason"' in form
    before = _events(person)
    refused = client.post(url, {"reason": ""}, **EN)
    assert refused.status_code == 400
    assert MISSING_EN in refused.content.decode()
    assert Education.objects.filter(pk=education.pk).exists()
    assert _events(person) == before
    assert client.post(url, {"reason": "Entered twice"}).status_code == 302
    assert not Education.objects.filter(pk=education.pk).exists()
    assert _events(person)[-1] == ("education.delete", "Entered twice")


def test_editing_a_person_on_the_page_needs_a_reason(as_user, world, person) -> None:
    client = as_user("hr_a")
    url = f"/people/{person.pk}/edit/"
    data = {
        "personal_id": person.personal_id,
        "last_name": "Иванова",
        "first_name": person.first_name,
        "birth_date": "1990-05-17",
        "gender": "F",
        "organisation": person.organisation_id,
        "is_active": "on",
    }
    before = _events(person)
    refused = client.post(url, data, **EN)
    assert refused.status_code == 400
    assert refused.context["form"].errors == {"reason": [MISSING_EN]}
    person.refresh_from_db()
    assert person.last_name == "Ахметова"
    assert _events(person) == before
    assert client.post(url, {**data, "reason": "Married"}).status_code == 302
    assert _events(person)[-1] == ("update", "Married")


def test_the_schema_documents_the_header_and_where_it_is_required(api_as, world) -> None:
    schema = api_as("hr_a").get("/api/schema/", {"format": "json"}).json()

    def header(path: str, method: str) -> list[tuple[str, bool]]:
        parameters = schema["paths"][path][method].get("parameters", [])
        return [(p["name"], p.get("required", False)) for p in parameters if p["in"] == "header"]

    assert header("/api/v1/employees/{id}/", "patch") == [("X-Cadre-Reason", True)]
    assert header("/api/v1/employees/", "post") == [("X-Cadre-Reason", False)]
    assert header("/api/v1/education/{id}/", "delete") == [("X-Cadre-Reason", True)]
    assert header("/api/v1/assignments/{id}/", "patch") == [("X-Cadre-Reason", True)]
    assert header("/api/v1/organisations/{id}/", "delete") == [("X-Cadre-Reason", False)]
