"""Who may hand out which role, and where."""

from __future__ import annotations

import pytest

from cadre.accounts.models import RoleAssignment
from cadre.accounts.roles import can
from cadre.accounts.services import role_assignment_create
from cadre.core.errors import ApplicationError
from cadre.core.testing.world import World
from cadre.orgs.models import Organisation


def test_hr_officer_cannot_make_a_national_administrator(world: World) -> None:
    with pytest.raises(ApplicationError) as info:
        role_assignment_create(
            actor=world.users["hr_a"],
            user=world.users["employee_a1"],
            role="national_admin",
            organisation=None,
        )
    assert info.value.errors == {"role": ["You may not give this role over this organisation."]}


def test_hr_officer_cannot_grant_outside_their_body(world: World) -> None:
    with pytest.raises(ApplicationError):
        role_assignment_create(
            actor=world.users["hr_a"],
            user=world.users["employee_a1"],
            role="manager",
            organisation=world.orgs["unit_b1"],
        )
    assert not RoleAssignment.objects.filter(organisation=world.orgs["unit_b1"]).exists()


def test_a_local_role_needs_an_organisation(world: World) -> None:
    with pytest.raises(ApplicationError) as info:
        role_assignment_create(
            actor=world.users["admin"],
            user=world.users["nobody"],
            role="manager",
            organisation=None,
        )
    assert info.value.errors == {"organisation": ["This role must be given over an organisation."]}


def test_scope_follows_the_tree(world: World) -> None:
    visible = {
        name: set(
            Organisation.objects.restrict(world.users[name], "view").values_list("code", flat=True)
        )
        for name in ("admin", "hr_a", "manager_a1", "auditor_a", "nobody")
    }
    assert visible["admin"] == {"COUNTRY", "BODY_A", "UNIT_A1", "BODY_B", "UNIT_B1"}
    assert visible["hr_a"] == {"BODY_A", "UNIT_A1"}
    assert visible["manager_a1"] == {"UNIT_A1"}
    assert visible["auditor_a"] == {"BODY_A", "UNIT_A1"}
    assert visible["nobody"] == set()


def test_the_role_table_grants(world: World) -> None:
    u = world.users
    assert can(u["auditor"], "orgs.organisation", "view")
    assert not can(u["auditor"], "orgs.organisation", "change")
    assert can(u["hr_a"], "orgs.organisation", "delete")
    assert not can(u["manager_a1"], "orgs.organisation", "add")
    assert not can(u["hr_a"], "core.auditevent", "view")
    assert not can(None, "orgs.organisation", "view")
