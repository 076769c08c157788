"""CRUD × scope cases (core/testing/crud.py): appraisals are in the personal class, which
the world's auditors and HR officers hold (decision 0016)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from cadre.appraisals import services
from cadre.appraisals.models import Appraisal, AppraisalRequirement
from cadre.core.testing import crud
from cadre.core.testing.world import World


def _person(world: World, where: str) -> Any:
    from cadre.people.models import Employee
    from cadre.people.services import employee_create

    n = Employee.objects.count()
    return employee_create(
        actor=world.users["admin"],
        personal_id=f"P{where.upper()}{n:04d}",
        last_name=f"Person {n}",
        first_name="Test",
        birth_date=dt.date(1990, 1, 1),
        gender="F",
        organisation=world.orgs[f"unit_{where}1"],
    )


class TestAppraisalCases(crud.UIList, crud.UIAdd, crud.UIDelete, crud.APIRead, crud.APIWrite):
    model = Appraisal
    url_prefix = "appraisals:appraisal"
    api_basename = "performanceappraisal"
    api_can_update = False

    def export_key(self, obj: Any) -> str:
        return str(obj.employee)

    def make(self, world: World, where: str) -> Appraisal:
        return services.appraisal_record(
            actor=world.users["admin"],
            employee=_person(world, where),
            year=2025,
            result="effective",
            assessed_on=dt.date(2025, 12, 20),
            assessed_by="Commission",
        )

    def form_data(self, world: World, where: str) -> dict[str, Any]:
        return {
            "employee": _person(world, where).pk,
            "year": 2025,
            "result": "satisfactory",
            "assessed_on": "2025-12-20",
            "assessed_by": "Commission",
            "basis": "",
        }


class TestRequirementCases(crud.UIList, crud.UIAdd, crud.UIDelete, crud.APIRead, crud.APIWrite):
    model = AppraisalRequirement
    url_prefix = "appraisals:appraisalrequirement"
    api_basename = "appraisalrequirement"
    api_can_update = False

    def export_key(self, obj: Any) -> str:
        return str(obj.organisation)

    def make(self, world: World, where: str) -> AppraisalRequirement:
        return services.requirement_create(
            actor=world.users["admin"],
            organisation=world.orgs[f"unit_{where}1"],
            from_year=2020 + AppraisalRequirement.objects.count(),
        )

    def form_data(self, world: World, where: str) -> dict[str, Any]:
        return {
            "organisation": world.orgs[f"body_{where}"].pk,
            "from_year": 2030 + AppraisalRequirement.objects.count(),
            "minimum": "effective",
        }
