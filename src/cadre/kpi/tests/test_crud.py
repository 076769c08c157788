"""The generated CRUD × scope cases of the KPI models (cadre.core.testing.crud)."""

from __future__ import annotations

import datetime as dt
import itertools
from decimal import Decimal
from typing import Any, ClassVar

from django.core.files.uploadedfile import SimpleUploadedFile

from cadre.core.testing import crud
from cadre.core.testing.world import World
from cadre.kpi import services
from cadre.kpi.models import Achievement, Actual, Assignment, Definition, Period

SEQ = itertools.count(1)


def _period(world: World) -> Period:
    return Period.objects.filter(code="CRUD").first() or services.period_create(
        actor=world.users["admin"],
        code="CRUD",
        kind="year",
        start=dt.date(2026, 1, 1),
        end=dt.date(2026, 12, 31),
    )


def _kpi(world: World, origin: str = "imported") -> Definition:
    return services.definition_create(
        actor=world.users["admin"],
        owner=world.orgs["country"],
        code=f"K{next(SEQ)}",
        names={"en": "National KPI"},
        unit="count",
        direction="higher",
        period_kind="year",
        origin=origin,
    )


def _unit_kpi(world: World, where: str, origin: str = "imported") -> Assignment:
    return services.assignment_create(
        actor=world.users["admin"],
        definition=_kpi(world, origin),
        period=_period(world),
        organisation=world.orgs[f"unit_{where}1"],
        threshold=Decimal(1),
        target=Decimal(2),
        stretch=Decimal(3),
        weight=Decimal(10),
    )


class TestDefinitionCrud(
    crud.UIList, crud.UIAdd, crud.UIEdit, crud.UIDelete, crud.APIRead, crud.APIWrite
):
    model = Definition
    url_prefix = "kpi:definition"
    api_basename = "kpidefinition"
    export_column = 0

    def export_key(self, obj: Any) -> str:
        return str(obj.code)

    def make(self, world: World, where: str) -> Definition:
        return services.definition_create(
            actor=world.users["admin"],
            owner=world.orgs[f"body_{where}"],
            code=f"D{next(SEQ)}",
            names={"en": "Digital services online"},
            unit="percent",
            direction="higher",
            period_kind="year",
            origin="manual",
        )

    def form_data(self, world: World, where: str) -> dict[str, Any]:
        return {
            "owner": world.orgs[f"body_{where}"].pk,
            "code": f"F{next(SEQ)}",
            "unit": "percent",
            "direction": "higher",
            "period_kind": "year",
            "origin": "manual",
            "measure": "",
            "name_en": "Services online",
            "name_ru": "Услуги онлайн",
        }

    def edit_data(self, world: World, obj: Any) -> dict[str, Any]:
        return {
            "unit": "percent",
            "direction": "higher",
            "period_kind": "year",
            "origin": "manual",
            "measure": "",
            "name_en": "Changed",
        }

    def api_data(self, world: World, where: str) -> dict[str, Any]:
        data = self.form_data(world, where)
        del data["name_en"], data["name_ru"]
        return {**data, "names": {"en": "Services online"}}

    def api_edit_data(self, world: World, obj: Any) -> dict[str, Any]:
        return {"names": {"en": "Changed"}}

    def changed(self, obj: Any) -> bool:
        return bool(obj.names.get("en") == "Changed")


class TestAssignmentCrud(
    crud.UIList, crud.UIAdd, crud.UIEdit, crud.UIDelete, crud.APIRead, crud.APIWrite
):
    model = Assignment
    url_prefix = "kpi:assignment"
    api_basename = "kpiassignment"
    export_column = 0

    def export_key(self, obj: Any) -> str:
        return str(obj.definition.code)

    def make(self, world: World, where: str) -> Assignment:
        return _unit_kpi(world, where)

    def form_data(self, world: World, where: str) -> dict[str, Any]:
        return {
            "definition": _kpi(world).pk,
            "period": _period(world).pk,
            "organisation": world.orgs[f"unit_{where}1"].pk,
            "employee": "",
            "parent": "",
            "threshold": "10",
            "target": "20",
            "stretch": "30",
            "weight": "25",
        }

    def edit_data(self, world: World, obj: Any) -> dict[str, Any]:
        return {"threshold": "1", "target": "2", "stretch": "4", "weight": "15", "parent": ""}

    def api_data(self, world: World, where: str) -> dict[str, Any]:
        data = self.form_data(world, where)
        return {**data, "period": "CRUD", "employee": None, "parent": None}

    def api_edit_data(self, world: World, obj: Any) -> dict[str, Any]:
        return {"stretch": "40", "weight": "15"}

    def changed(self, obj: Any) -> bool:
        return bool(obj.weight == 15 and obj.stretch in (4, 40))


class TestActualCrud(crud.UIList, crud.UIAdd, crud.UIDelete, crud.APIRead, crud.APIWrite):
    model = Actual
    url_prefix = "kpi:actual"
    api_basename = "kpiactual"
    api_can_update: ClassVar[bool] = False
    export_column = 0

    def export_key(self, obj: Any) -> str:
        return str(obj.assignment.definition.code)

    def make(self, world: World, where: str) -> Actual:
        return services.actual_create(
            actor=world.users["admin"],
            assignment=_unit_kpi(world, where),
            value=Decimal("2.5"),
            origin="imported",
            source_system="Registry",
        )

    def form_data(self, world: World, where: str) -> dict[str, Any]:
        return {
            "assignment": _unit_kpi(world, where, origin="manual").pk,
            "value": "3",
            "note": "Signed act",
            "evidence": SimpleUploadedFile("act.pdf", b"%PDF act", content_type="application/pdf"),
        }

    def api_data(self, world: World, where: str) -> dict[str, Any]:
        assignment = _unit_kpi(world, where)
        return {
            "period": "CRUD",
            "kpi": assignment.definition.code,
            "organisation": assignment.organisation_id,
            "value": "5",
            "source_system": "Registry",
        }


class TestAchievementCrud(crud.UIList, crud.APIRead):
    model = Achievement
    url_prefix = "kpi:achievement"
    api_basename = "kpiachievement"
    export_column = 0

    def export_key(self, obj: Any) -> str:
        return str(obj.employee)

    def make(self, world: World, where: str) -> Achievement:
        from cadre.people.services import employee_create

        admin = world.users["admin"]
        n = next(SEQ)
        person = employee_create(
            actor=admin,
            personal_id=f"P{n:05d}",
            last_name=f"Person{n}",
            first_name="Test",
            birth_date=dt.date(1990, 1, 1),
            gender="F",
            organisation=world.orgs[f"unit_{where}1"],
        )
        period = _period(world)
        services.assignment_create(
            actor=admin,
            definition=_kpi(world),
            period=period,
            employee=person,
            threshold=Decimal(1),
            target=Decimal(2),
            stretch=Decimal(3),
            weight=Decimal(100),
        )
        services.achievements_compute(actor=admin, period=period)
        return Achievement.objects.get(employee=person)


class TestPeriodPages(crud.CrudBase):
    """A period is national: everyone reads it; its actions are tested in test_kpi.py."""

    model = Period
