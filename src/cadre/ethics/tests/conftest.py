"""Ethics control's test world: Aliya (account ``employee_a1``) and Bolat (account
``bolat``) in unit A1 of body A, Erlan (account ``erlan``) in unit B1; ``ethics_a`` the
ethics officer of body A, ``ethics_a2`` a second one."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from cadre.accounts import services as account_services
from cadre.core.choices import Role
from cadre.core.testing.world import PASSWORD, World
from cadre.people.services import employee_create, employee_link_user


def person(world: World, personal_id: str, name: str, unit: str, user: Any = None) -> Any:
    employee = employee_create(
        actor=world.users["admin"],
        personal_id=personal_id,
        last_name=name,
        first_name="Test",
        birth_date=dt.date(1990, 1, 1),
        gender="M",
        organisation=world.orgs[unit],
    )
    if user is not None:
        employee_link_user(actor=world.users["admin"], employee=employee, user=user)
    return employee


def account(world: World, username: str, role: str | None = None, where: str | None = None) -> Any:
    user = account_services.user_create(
        actor=world.users["admin"], username=username, password=PASSWORD
    )
    if role:
        account_services.role_assignment_create(
            actor=world.users["admin"],
            user=user,
            role=role,
            organisation=world.orgs[where] if where else None,
        )
    world.users[username] = user
    return user


@pytest.fixture
def people(world: World) -> dict[str, Any]:
    account(world, "ethics_a", Role.ETHICS_OFFICER, "body_a")
    account(world, "ethics_a2", Role.ETHICS_OFFICER, "body_a")
    made = {
        "aliya": person(world, "A0001", "Aliya", "unit_a1", world.users["employee_a1"]),
        "bolat": person(world, "A0002", "Bolat", "unit_a1", account(world, "bolat")),
        "erlan": person(world, "B0001", "Erlan", "unit_b1", account(world, "erlan")),
    }
    # The law of the body's country (after the people: a KZ identifier is checked).
    world.orgs["country"].country = "KZ"
    world.orgs["country"].save()
    return made
