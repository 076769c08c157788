"""Generated read × scope cases of what the assessments know of a person: the evidence
and the proficiency combined from it (issue 16 item 7): body A's HR officer reads those of
body A's people only, the national auditor everyone's."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from cadre.assessments.models import Evidence, Proficiency
from cadre.assessments.proficiency import Observation, evidence_record
from cadre.competencies.models import Competency
from cadre.competencies.tests.factories import published_framework
from cadre.core.testing import crud
from cadre.core.testing.world import World
from cadre.people.tests.test_employee_crud import make_employee


def _observe(world: World, where: str) -> list[Evidence]:
    """A test result saying a person of body ``where`` is at level 2 in T:A.1."""
    admin = world.users["admin"]
    if not Competency.objects.filter(code="A.1", framework__code="T").exists():
        published_framework(admin)
    competency = Competency.objects.get(code="A.1", framework__code="T")
    with transaction.atomic():
        return evidence_record(
            actor=admin,
            employee=make_employee(world, where),
            observations=[Observation(competency, 2)],
            instrument="test",
            source="EXAM-CRUD",
        )


class TestEvidenceRead(crud.APIRead):
    model = Evidence
    api_basename = "evidence"

    def make(self, world: World, where: str) -> Evidence:
        return _observe(world, where)[0]


class TestProficiencyRead(crud.APIRead):
    model = Proficiency
    api_basename = "proficiency"

    def make(self, world: World, where: str) -> Proficiency:
        evidence = _observe(world, where)[0]
        return Proficiency.objects.get(employee=evidence.employee)

    # The body names the person and the competency, not the row.
    def api_row_key(self, row: dict[str, Any]) -> str:
        return f"{row['employee']}:{row['code']}"

    def api_key(self, obj: Proficiency) -> str:
        return f"{obj.employee_id}:{obj.code}"
