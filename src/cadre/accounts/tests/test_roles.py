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


LAST_ADMIN = (
    "This is the last national administrator; give the role to someone else before removing it."
)
OWN_ROLE = "You may not remove your own role; ask someone else who may give it."


def _grant(world: World, username: str) -> RoleAssignment:
    return RoleAssignment.objects.get(user=world.users[username])


def _revocations() -> int:
    from cadre.core.models import AuditEvent

    return AuditEvent.objects.filter(action="role.revoke").count()


def test_the_only_national_administrator_cannot_remove_their_role(api_as, world) -> None:
    client = api_as("admin")
    grant = _grant(world, "admin")
    response = client.delete(f"/api/v1/role-assignments/{grant.pk}/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert response.json() == {
        "status": 400,
        "errors": [{"field": "role", "code": "last_national_admin", "message": LAST_ADMIN}],
    }
    assert RoleAssignment.objects.filter(pk=grant.pk).exists()
    assert _revocations() == 0


def test_nobody_removes_their_own_role(api_as, world) -> None:
    role_assignment_create(
        actor=world.users["admin"],
        user=world.users["nobody"],
        role="national_admin",
        organisation=None,
    )
    for username in ("admin", "hr_a"):
        grant = _grant(world, username)
        response = api_as(username).delete(
            f"/api/v1/role-assignments/{grant.pk}/", HTTP_ACCEPT_LANGUAGE="en"
        )
        assert response.status_code == 400
        assert response.json()["errors"] == [
            {"field": "user", "code": "own_role", "message": OWN_ROLE}
        ]
        assert RoleAssignment.objects.filter(pk=grant.pk).exists()
    assert _revocations() == 0
    # Another national administrator may remove it.
    grant = _grant(world, "admin")
    assert api_as("nobody").delete(f"/api/v1/role-assignments/{grant.pk}/").status_code == 204
    assert not RoleAssignment.objects.filter(pk=grant.pk).exists()
    assert _revocations() == 1


def test_an_inactive_administrator_does_not_keep_the_country_administered(world) -> None:
    from cadre.accounts.services import role_assignment_delete

    role_assignment_create(
        actor=world.users["admin"],
        user=world.users["nobody"],
        role="national_admin",
        organisation=None,
    )
    world.users["nobody"].is_active = False
    world.users["nobody"].save(update_fields=["is_active"])
    superuser = world.users["auditor"]
    superuser.is_superuser = True  # e.g. someone at a shell
    with pytest.raises(ApplicationError) as info:
        role_assignment_delete(actor=superuser, assignment=_grant(world, "admin"))
    assert info.value.code == "last_national_admin"
    assert info.value.errors == {"role": [LAST_ADMIN]}
    assert _grant(world, "admin")


def test_the_page_refuses_removing_ones_own_role_with_the_reason(as_user, world) -> None:
    grant = _grant(world, "admin")
    client = as_user("admin")
    response = client.post(
        f"/accounts/roles/{grant.pk}/delete/", {}, follow=True, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 200
    assert LAST_ADMIN in response.content.decode()
    assert RoleAssignment.objects.filter(pk=grant.pk).exists()
