"""Generated CRUD × scope tests for people, and personal-data protection."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

from cadre.core.testing import crud
from cadre.core.testing.world import World
from cadre.people.models import Employee
from cadre.people.services import employee_create

_seq = itertools.count(1)


def make_employee(world: World, where: str, **kw: Any) -> Employee:
    n = next(_seq)
    return employee_create(
        actor=world.users["admin"],
        personal_id=f"{where.upper()}{n:010d}",
        last_name=f"Surname{where.upper()}{n}",
        first_name="Aliya",
        birth_date=dt.date(1990, 5, 17),
        gender="F",
        organisation=world.orgs[f"unit_{where}1"],
        **kw,
    )


class TestEmployeeCrud(crud.UIList, crud.UIAdd, crud.UIEdit, crud.APIRead, crud.APIWrite):
    model = Employee
    url_prefix = "people:employee"
    api_basename = "employee"
    api_can_delete = False  # people are not deleted: is_active goes false when they leave

    def export_key(self, obj: Employee) -> str:
        return obj.personal_id  # the export is the import's file: the identifier first

    def make(self, world: World, where: str) -> Employee:
        return make_employee(world, where)

    def form_data(self, world: World, where: str) -> dict[str, Any]:
        n = next(_seq)
        return {
            "personal_id": f"NEW{n:09d}",
            "last_name": f"New{n}",
            "first_name": "Dana",
            "birth_date": "1991-02-03",
            "gender": "F",
            "organisation": world.orgs[f"unit_{where}1"].pk,
            "is_active": "on",
        }

    def edit_data(self, world: World, obj: Employee) -> dict[str, Any]:
        return {
            "personal_id": obj.personal_id,
            "last_name": f"{obj.last_name}-renamed",
            "first_name": obj.first_name,
            "birth_date": obj.birth_date.isoformat(),
            "gender": obj.gender,
            "organisation": obj.organisation_id,
            "is_active": "on",
        }

    def api_data(self, world: World, where: str) -> dict[str, Any]:
        return {**self.form_data(world, where), "is_active": True}

    def api_edit_data(self, world: World, obj: Employee) -> dict[str, Any]:
        return {"last_name": f"{obj.last_name}-renamed"}

    def changed(self, obj: Employee) -> bool:
        return obj.last_name.endswith("-renamed")


def test_a_manager_sees_names_but_not_personal_data(as_user, api_as, world: World) -> None:
    person = make_employee(world, "a", email="aliya@gov.example")
    page = as_user("manager_a1").get(person.get_absolute_url()).content.decode()
    assert str(person) in page
    assert person.personal_id not in page
    assert "aliya@gov.example" not in page
    listed = as_user("manager_a1").get("/people/?export=csv")
    text = b"".join(listed.streaming_content).decode("utf-8-sig")
    assert person.last_name in text and person.personal_id not in text
    body = api_as("manager_a1").get(f"/api/v1/employees/{person.pk}/").json()
    assert "personal_id" not in body and "birth_date" not in body
    # The HR officer of the body sees everything.
    hr = api_as("hr_a").get(f"/api/v1/employees/{person.pk}/").json()
    assert (hr["personal_id"], hr["email"]) == (person.personal_id, "aliya@gov.example")


def test_a_duplicate_identifier_is_refused_with_its_field(api_as, world: World) -> None:
    person = make_employee(world, "a")
    response = api_as("hr_a").post(
        "/api/v1/employees/",
        {
            "personal_id": person.personal_id,
            "last_name": "X",
            "first_name": "Y",
            "birth_date": "1990-01-01",
            "gender": "M",
            "organisation": world.orgs["unit_a1"].pk,
        },
        format="json",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 400
    assert response.json()["errors"] == [
        {
            "field": "personal_id",
            "code": "unique",
            "message": "A person with this identifier already exists.",
        }
    ]


def test_a_wrong_date_is_named(api_as, world: World) -> None:
    response = api_as("hr_a").post(
        "/api/v1/employees/",
        {
            "personal_id": "Z1",
            "last_name": "X",
            "first_name": "Y",
            "birth_date": "31.02.1990",
            "gender": "M",
            "organisation": world.orgs["unit_a1"].pk,
        },
        format="json",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 400
    assert [(e["field"], e["code"]) for e in response.json()["errors"]] == [
        ("birth_date", "invalid")
    ]
    assert not Employee.objects.filter(personal_id="Z1").exists()
