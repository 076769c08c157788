"""Generated CRUD × scope cases for the records a person's file holds: posts held,
education, certifications (issue 16 item 7). Their pages hang off the person's file and are
tested with it (test_person_file.py, test_audit_reasons.py)."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

from cadre.core.models import AuditEvent
from cadre.core.testing import crud
from cadre.core.testing.world import World
from cadre.orgs.tests.test_post_crud import make_post
from cadre.people.models import Assignment, Certification, Education, Specialty
from cadre.people.services import assignment_create, certification_add, education_add
from cadre.people.tests.test_employee_crud import make_employee

_seq = itertools.count(1)


class _AuditedOnThePerson:
    """A record added to or removed from a file is audited on the person (the file's
    history), with its own action name."""

    def audited(self, action: str, obj: Any, reason: str | None = None) -> bool:
        events = AuditEvent.objects.filter(
            object_type="people.employee", object_id=str(obj.employee_id), action=action
        )
        if reason is not None:
            events = events.filter(reason=reason)
        return events.exists()


class TestAssignmentCrud(_AuditedOnThePerson, crud.APIRead, crud.APIWrite):
    model = Assignment
    api_basename = "assignment"
    api_can_delete = False  # closed (PATCH end_date), never deleted
    create_action, update_action = "assignment.start", "assignment.end"

    def make(self, world: World, where: str) -> Assignment:
        return assignment_create(
            actor=world.users["admin"],
            employee=make_employee(world, where),
            post=make_post(world, where),
            start_date=dt.date(2024, 1, 15),
        )

    def api_data(self, world: World, where: str) -> dict[str, Any]:
        return {
            "employee": make_employee(world, where).pk,
            "post": make_post(world, where).pk,
            "kind": "main",
            "start_date": "2024-02-01",
        }

    def api_edit_data(self, world: World, obj: Assignment) -> dict[str, Any]:
        return {"end_date": "2025-06-30"}

    def changed(self, obj: Assignment) -> bool:
        return obj.end_date == dt.date(2025, 6, 30)


class TestEducationCrud(_AuditedOnThePerson, crud.APIRead, crud.APIWrite):
    model = Education
    api_basename = "education"
    api_can_update = False  # added or removed, never edited
    create_action, delete_action = "education.add", "education.delete"

    def api_data(self, world: World, where: str) -> dict[str, Any]:
        return {
            "employee": make_employee(world, where).pk,
            "level": 3,
            "specialty": "09.03.01",
            "institution": "ENU",
            "year": 2015,
        }

    def make(self, world: World, where: str) -> Education:
        return education_add(
            actor=world.users["admin"],
            employee=make_employee(world, where),
            level=3,
            specialty=Specialty.objects.get(code="09.03.01"),
            institution="ENU",
            year=2012,
        )


class TestCertificationCrud(_AuditedOnThePerson, crud.APIRead, crud.APIWrite):
    model = Certification
    api_basename = "certification"
    api_can_update = False  # added or removed, never edited
    create_action, delete_action = "certification.add", "certification.delete"

    def api_data(self, world: World, where: str) -> dict[str, Any]:
        return {
            "employee": make_employee(world, where).pk,
            "name": f"PMP {next(_seq)}",
            "issuer": "PMI",
            "issued_on": "2022-06-01",
        }

    def make(self, world: World, where: str) -> Certification:
        return certification_add(
            actor=world.users["admin"],
            employee=make_employee(world, where),
            name=f"CISSP {next(_seq)}",
            issued_on=dt.date(2023, 3, 1),
        )
