"""The generated CRUD × scope cases of the reserve, vacancies and matches."""

from __future__ import annotations

import itertools
from decimal import Decimal
from typing import Any, ClassVar

from cadre.core.testing import crud
from cadre.core.testing.world import World
from cadre.orgs import services as org_services
from cadre.people.services import employee_create
from cadre.talent import services
from cadre.talent.models import Match, ReserveEntry, Vacancy

SEQ = itertools.count(1)


def someone(world: World, where: str) -> Any:
    n = next(SEQ)
    return employee_create(
        actor=world.users["admin"],
        personal_id=f"{where.upper()}{n:05d}",
        last_name=f"Person{n}",
        first_name="Test",
        birth_date=__import__("datetime").date(1990, 1, 1),
        gender="M",
        organisation=world.orgs[f"unit_{where}1"],
    )


def a_post(world: World, where: str, category: str = "C-4") -> Any:
    n = next(SEQ)
    return org_services.post_create(
        actor=world.users["admin"],
        organisation=world.orgs[f"unit_{where}1"],
        code=f"P-{where}-{n}",
        title=f"Analyst {n}",
        category=category,
        salary_min=Decimal(100),
        salary_max=Decimal(200),
        currency="KZT",
        positions=1,
    )


def an_entry(world: World, where: str) -> ReserveEntry:
    return services.reserve_entry_create(
        actor=world.users["admin"],
        employee=someone(world, where),
        organisation=world.orgs[f"body_{where}"],
        post_group="C-4",
        source="assessment",
        source_ref="campaign:1",
    )


class TestReserveEntryCrud(crud.UIList, crud.UIAdd, crud.UIEdit, crud.APIRead, crud.APIWrite):
    model = ReserveEntry
    url_prefix = "talent:reserveentry"
    api_basename = "reserveentry"
    api_can_delete: ClassVar[bool] = False

    def make(self, world: World, where: str) -> ReserveEntry:
        return an_entry(world, where)

    def form_data(self, world: World, where: str) -> dict[str, Any]:
        return {
            "employee": someone(world, where).pk,
            "organisation": world.orgs[f"body_{where}"].pk,
            "post_group": "C-4",
            "source": "assessment",
            "source_ref": "campaign:7",
            "levels": "T.A.1=3\nT.S.1=2",
        }

    def api_data(self, world: World, where: str) -> dict[str, Any]:
        return {**self.form_data(world, where), "levels": {"A.1": 3}}

    def edit_data(self, world: World, obj: Any) -> dict[str, Any]:
        return {"source_ref": "campaign:1 (v2)", "levels": "A.1=4", "relocation": "on"}

    def api_edit_data(self, world: World, obj: Any) -> dict[str, Any]:
        return {"source_ref": "campaign:1 (v2)"}

    def changed(self, obj: Any) -> bool:
        return str(obj.source_ref).endswith("(v2)")

    def export_key(self, obj: Any) -> str:
        return str(obj.person_name)


class TestVacancyCrud(crud.UIList, crud.UIAdd, crud.APIRead, crud.APIWrite):
    model = Vacancy
    url_prefix = "talent:vacancy"
    api_basename = "vacancy"
    api_can_update: ClassVar[bool] = False
    api_can_delete: ClassVar[bool] = False

    def make(self, world: World, where: str) -> Vacancy:
        return services.vacancy_open(actor=world.users["admin"], post=a_post(world, where))

    def form_data(self, world: World, where: str) -> dict[str, Any]:
        return {"post": a_post(world, where).pk}

    def export_key(self, obj: Any) -> str:
        return str(obj.post.title)


class TestMatchCrud(crud.UIList, crud.APIRead):
    model = Match
    url_prefix = "talent:match"
    api_basename = "match"

    def make(self, world: World, where: str) -> Match:
        vacancy = services.vacancy_open(actor=world.users["admin"], post=a_post(world, where))
        return services.match_propose(
            actor=world.users["admin"], vacancy=vacancy, entry=an_entry(world, where)
        )

    def export_key(self, obj: Any) -> str:
        return str(obj.vacancy.post.title)
