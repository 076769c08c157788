"""The generated CRUD × scope cases of the project office (cadre.core.testing.crud)."""

from __future__ import annotations

import itertools
from typing import Any, ClassVar

from cadre.core.testing import crud
from cadre.core.testing.world import World
from cadre.people.models import Employee
from cadre.projects import services
from cadre.projects.models import Programme, Project
from cadre.projects.tests.conftest import START, person

SEQ = itertools.count(1)


def _owner(world: World, where: str) -> Employee:
    code = f"OWN-{where.upper()}"
    found = Employee.objects.filter(personal_id=code).first()
    return found or person(world, code, f"Owner {where}", f"unit_{where}1")


def _project_data(world: World, where: str) -> dict[str, Any]:
    return {
        "name": f"Project {next(SEQ)}",
        "goal": "Services online",
        "organisation": world.orgs[f"body_{where}"].pk,
        "programme": "",
        "owner": _owner(world, where).pk,
        "sponsor": "",
        "start": "2026-01-01",
        "planned_end": "2026-12-31",
        "budget": "100000",
        "currency": "KZT",
    }


class TestProjectCrud(crud.UIList, crud.UIAdd, crud.UIEdit, crud.APIRead, crud.APIWrite):
    model = Project
    url_prefix = "projects:project"
    api_basename = "project"
    api_can_delete: ClassVar[bool] = False

    def make(self, world: World, where: str) -> Project:
        return services.project_create(
            actor=world.users["admin"],
            name=f"Project {next(SEQ)}",
            goal="Services online",
            organisation=world.orgs[f"body_{where}"],
            owner=_owner(world, where),
            start=START,
            planned_end=START,
            budget=1_000_00,
            currency="KZT",
        )

    def form_data(self, world: World, where: str) -> dict[str, Any]:
        return _project_data(world, where)

    def edit_data(self, world: World, obj: Any) -> dict[str, Any]:
        data = _project_data(world, "a")
        del data["organisation"]
        return {**data, "name": "Changed"}

    def api_data(self, world: World, where: str) -> dict[str, Any]:
        data = _project_data(world, where)
        return {**data, "programme": None, "sponsor": None, "budget": 100000}

    def api_edit_data(self, world: World, obj: Any) -> dict[str, Any]:
        return {"name": "Changed"}

    def changed(self, obj: Any) -> bool:
        return bool(obj.name == "Changed")


class TestProgrammeCrud(
    crud.UIList, crud.UIAdd, crud.UIEdit, crud.UIDelete, crud.APIRead, crud.APIWrite
):
    model = Programme
    url_prefix = "projects:programme"
    api_basename = "projectprogramme"

    def make(self, world: World, where: str) -> Programme:
        return services.programme_create(
            actor=world.users["admin"],
            organisation=world.orgs[f"body_{where}"],
            name=f"Programme {next(SEQ)}",
        )

    def form_data(self, world: World, where: str) -> dict[str, Any]:
        return {
            "organisation": world.orgs[f"body_{where}"].pk,
            "name": f"Digital transformation {next(SEQ)}",
            "description": "2026–2028",
        }

    def edit_data(self, world: World, obj: Any) -> dict[str, Any]:
        return {"name": "Changed", "description": ""}

    def api_edit_data(self, world: World, obj: Any) -> dict[str, Any]:
        return {"name": "Changed"}

    def changed(self, obj: Any) -> bool:
        return bool(obj.name == "Changed")
