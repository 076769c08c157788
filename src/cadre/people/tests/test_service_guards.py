"""Services guard themselves (issue 16, item 10): a person's record is changed only by
someone who keeps the records of their organisation as it is now — not only of the one
they would move to."""

from __future__ import annotations

import pytest

from cadre.core.errors import ApplicationError
from cadre.core.models import AuditEvent
from cadre.core.testing.world import World
from cadre.people.models import Employee
from cadre.people.services import employee_update
from cadre.people.tests.test_employee_crud import make_employee


def test_a_person_out_of_reach_is_neither_changed_nor_moved_into_reach(world: World) -> None:
    person = make_employee(world, "b")
    hr_a = world.users["hr_a"]
    events = AuditEvent.objects.count()
    for fields in ({"first_name": "Changed"}, {"organisation": world.orgs["unit_a1"]}):
        with pytest.raises(ApplicationError) as refused:
            employee_update(actor=hr_a, employee=person, reason="Correction", **fields)
        assert refused.value.code == "scope"
        assert refused.value.errors == {
            "employee": [f"You may not keep records of “{world.orgs['unit_b1']}”."]
        }
    fresh = Employee.objects.get(pk=person.pk)
    assert (fresh.first_name, fresh.organisation_id) == ("Aliya", world.orgs["unit_b1"].pk)
    assert AuditEvent.objects.count() == events
