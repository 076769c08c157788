"""The generated CRUD × scope cases of versions, lines, limits and scenarios."""

from __future__ import annotations

import datetime as dt
import itertools
from decimal import Decimal
from typing import Any, ClassVar

from cadre.core.testing import crud
from cadre.core.testing.world import World
from cadre.orgs import services as org_services
from cadre.staffing.models import (
    GraduateSupply,
    Scenario,
    StaffingLimit,
    StaffingLine,
    StaffingTable,
)
from cadre.staffing.services import graduates, limits, scenarios, tables

SEQ = itertools.count(1)


def a_post(world: World, where: str) -> Any:
    n = next(SEQ)
    return org_services.post_create(
        actor=world.users["admin"],
        organisation=world.orgs[f"unit_{where}1"],
        code=f"SP-{where}-{n}",
        title=f"Officer {n}",
        category="C-4",
        salary_min=Decimal(100),
        salary_max=Decimal(200),
        currency="KZT",
        positions=1,
    )


def a_draft(world: World, where: str) -> StaffingTable:
    return tables.table_create(
        actor=world.users["admin"],
        organisation=world.orgs[f"body_{where}"],
        effective_from=dt.date(2030, 1, 1) + dt.timedelta(days=next(SEQ)),
    )


def in_force(world: World, where: str) -> StaffingTable:
    body = world.orgs[f"body_{where}"]
    existing = StaffingTable.objects.filter(organisation=body, status="approved").first()
    if existing:
        return existing
    admin = world.users["admin"]
    table = tables.table_create(actor=admin, organisation=body, effective_from=dt.date(2026, 1, 1))
    tables.line_create(
        actor=admin,
        table=table,
        post=a_post(world, where),
        units="2",
        salary=Decimal(150),
        currency="KZT",
    )
    return tables.table_approve(
        actor=admin, table=table, order_number="1", order_date=dt.date(2025, 12, 1)
    )


class TestStaffingTableCrud(crud.UIList, crud.UIAdd, crud.APIRead, crud.APIWrite):
    model = StaffingTable
    url_prefix = "staffing:staffingtable"
    api_basename = "staffingtable"
    api_can_update: ClassVar[bool] = False
    api_can_delete: ClassVar[bool] = False

    def make(self, world: World, where: str) -> StaffingTable:
        return a_draft(world, where)

    def form_data(self, world: World, where: str) -> dict[str, Any]:
        return {
            "organisation": world.orgs[f"body_{where}"].pk,
            "effective_from": "2031-01-01",
            "note": "Restructuring",
        }

    def export_key(self, obj: Any) -> str:
        return obj.organisation.name


class TestStaffingLineCrud(crud.APIRead, crud.APIWrite):
    model = StaffingLine
    api_basename = "staffingline"
    api_can_delete: ClassVar[bool] = True

    def make(self, world: World, where: str) -> StaffingLine:
        return tables.line_create(
            actor=world.users["admin"],
            table=a_draft(world, where),
            post=a_post(world, where),
            units="1.5",
            salary=Decimal(150),
            currency="KZT",
        )

    def api_data(self, world: World, where: str) -> dict[str, Any]:
        return {
            "table": a_draft(world, where).pk,
            "post": a_post(world, where).pk,
            "units": "0.75",
            "salary": "1000.00",
            "currency": "KZT",
            "functions": ["records"],
        }

    def api_edit_data(self, world: World, obj: Any) -> dict[str, Any]:
        return {"units": "2.25"}

    def changed(self, obj: Any) -> bool:
        return obj.units == Decimal("2.25")


class TestStaffingLimitCrud(crud.UIList, crud.UIAdd, crud.APIRead, crud.APIWrite):
    model = StaffingLimit
    url_prefix = "staffing:staffinglimit"
    api_basename = "staffinglimit"
    api_can_delete: ClassVar[bool] = False

    def make(self, world: World, where: str) -> StaffingLimit:
        return limits.limit_create(
            actor=world.users["admin"],
            organisation=world.orgs[f"body_{where}"],
            effective_from=dt.date(2026, 1, 1) + dt.timedelta(days=next(SEQ)),
            **self._values(),
        )

    def _values(self) -> dict[str, Any]:
        return {
            "headcount": Decimal(10),
            "payroll": Decimal(5000000),
            "currency": "KZT",
            "act_title": "Resolution",
            "act_number": "7",
            "act_date": dt.date(2025, 12, 1),
        }

    def form_data(self, world: World, where: str) -> dict[str, Any]:
        return {
            "organisation": world.orgs[f"body_{where}"].pk,
            "effective_from": f"2027-0{next(SEQ) % 9 + 1}-01",
            "headcount": "10",
            "payroll": "5000000",
            "currency": "KZT",
            "act_title": "Resolution",
            "act_number": "7",
            "act_date": "2026-12-01",
        }

    def edit_data(self, world: World, obj: Any) -> dict[str, Any]:
        return {"headcount": "12.5"}

    def changed(self, obj: Any) -> bool:
        return obj.headcount == Decimal("12.5")

    def export_key(self, obj: Any) -> str:
        return obj.organisation.name


class TestScenarioCrud(crud.UIList, crud.UIAdd, crud.APIRead, crud.APIWrite):
    model = Scenario
    url_prefix = "staffing:scenario"
    api_basename = "scenario"
    api_can_update: ClassVar[bool] = False

    def make(self, world: World, where: str) -> Scenario:
        in_force(world, where)
        return scenarios.scenario_create(
            actor=world.users["admin"],
            organisation=world.orgs[f"body_{where}"],
            title=f"Scenario {where} {next(SEQ)}",
            mode="rules",
            cut_percent=Decimal(25),
        )

    def form_data(self, world: World, where: str) -> dict[str, Any]:
        in_force(world, where)
        return {
            "organisation": world.orgs[f"body_{where}"].pk,
            "title": "Minus a quarter",
            "mode": "optimise",
            "cut_percent": "25",
            "vacant_first": "on",
            "protect_critical": "on",
            "keep_coverage": "on",
            "functions": "",
            "min_holders": "1",
        }

    def api_data(self, world: World, where: str) -> dict[str, Any]:
        in_force(world, where)
        return {
            "organisation": world.orgs[f"body_{where}"].pk,
            "title": "Minus a quarter",
            "mode": "rules",
            "cut_units": "0.5",
        }


def _framework(world: World) -> None:
    from cadre.competencies.models import Framework
    from cadre.competencies.tests.factories import published_framework

    if not Framework.objects.filter(code="T").exists():
        published_framework(world.users["admin"])


class TestGraduateSupplyCrud(
    crud.UIList, crud.UIAdd, crud.UIEdit, crud.UIDelete, crud.APIRead, crud.APIWrite
):
    model = GraduateSupply
    url_prefix = "staffing:graduatesupply"
    api_basename = "graduatesupply"

    def make(self, world: World, where: str) -> GraduateSupply:
        _framework(world)
        return graduates.graduates_create(
            actor=world.users["admin"],
            organisation=world.orgs[f"body_{where}"],
            institution=f"University {next(SEQ)}",
            year=2026,
            family="T:A",
            count=10,
        )

    def form_data(self, world: World, where: str) -> dict[str, Any]:
        _framework(world)
        return {
            "organisation": world.orgs[f"body_{where}"].pk,
            "institution": f"Lyceum {next(SEQ)}",
            "year": "2027",
            "family": "T:S",
            "count": "25",
        }

    def edit_data(self, world: World, obj: Any) -> dict[str, Any]:
        return {
            "organisation": obj.organisation_id,
            "institution": obj.institution,
            "year": str(obj.year),
            "family": obj.family,
            "count": "31",
        }

    def changed(self, obj: Any) -> bool:
        return obj.count == 31

    def export_key(self, obj: Any) -> str:
        return obj.institution
