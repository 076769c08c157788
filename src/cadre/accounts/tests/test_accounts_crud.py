"""Generated CRUD × scope tests for users and role assignments."""

from __future__ import annotations

import itertools
from typing import Any

from cadre.accounts.models import RoleAssignment, User
from cadre.accounts.services import role_assignment_create, user_create
from cadre.core.testing import crud
from cadre.core.testing.world import PASSWORD, World

_seq = itertools.count(1)


def _unit(world: World, where: str) -> Any:
    return world.orgs[f"unit_{where}1"]


def _employee(world: World, where: str) -> User:
    n = next(_seq)
    user = user_create(actor=world.users["admin"], username=f"emp_{where}_{n}", password=PASSWORD)
    role_assignment_create(
        actor=world.users["admin"], user=user, role="employee", organisation=_unit(world, where)
    )
    return user


class TestUserCrud(crud.UIList, crud.UIAdd, crud.APIRead):
    model = User
    url_prefix = "accounts:user"
    api_basename = "user"

    def make(self, world: World, where: str) -> User:
        return _employee(world, where)

    def export_key(self, obj: User) -> str:
        return obj.username

    def form_data(self, world: World, where: str) -> dict[str, Any]:
        return {
            "username": f"new_{where}_{next(_seq)}",
            "password": PASSWORD,
            "role": "employee",
            "organisation": _unit(world, where).pk,
        }


class TestRoleAssignmentCrud(crud.UIList, crud.UIAdd, crud.UIDelete, crud.APIRead, crud.APIWrite):
    model = RoleAssignment
    url_prefix = "accounts:roleassignment"
    api_basename = "roleassignment"
    create_action = "role.grant"
    delete_action = "role.revoke"
    api_can_update = False

    def make(self, world: World, where: str) -> RoleAssignment:
        return _employee(world, where).role_assignments.get()

    def export_key(self, obj: RoleAssignment) -> str:
        return obj.user.username

    def form_data(self, world: World, where: str) -> dict[str, Any]:
        return {
            "user": world.users["employee_a1"].pk,
            "role": "manager",
            "organisation": _unit(world, where).pk,
        }
