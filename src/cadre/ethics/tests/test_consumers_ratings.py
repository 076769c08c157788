"""The rating channel reads declared relations: a citizen who is an employee of another
body, with a relation declared with the officer who served them, rates without the rating
counting; without the declaration it counts."""

from __future__ import annotations

import datetime as dt

import pytest

from cadre.core.testing.world import World
from cadre.ethics import services
from cadre.ethics.tests.conftest import account, person
from cadre.ratings.models import Interaction
from cadre.ratings.tests.conftest import Desk, desk, issue  # noqa: F401  (fixture)

pytestmark = pytest.mark.django_db


def test_a_declared_relation_with_the_officer_marks_the_interaction(
    world: World,
    desk: Desk,  # noqa: F811
) -> None:
    citizen = person(world, "B7777", "Citizen", "unit_b1", account(world, "citizen_b"))
    issue(desk, "CRM-E1", citizen_id=citizen.personal_id)
    assert Interaction.objects.get(external_id="CRM-E1").conflict is False
    services.declaration_create(
        actor=world.users["citizen_b"],
        employee=citizen,
        kind="kin",
        related_employee=desk.officer,
        starts_on=dt.date(2010, 1, 1),
    )
    issue(desk, "CRM-E2", citizen_id=citizen.personal_id)
    assert Interaction.objects.get(external_id="CRM-E2").conflict is True
