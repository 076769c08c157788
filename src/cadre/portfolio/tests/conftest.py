"""Portfolio entries made through the services, and an IT coordinator for the world:
``coordinator`` (national) and ``coordinator_a`` (over body A)."""

from __future__ import annotations

from typing import Any

import pytest

from cadre.accounts import services as account_services
from cadre.accounts.choices import Role
from cadre.core.testing.world import World
from cadre.portfolio import services
from cadre.portfolio.models import System


def register(world: World, where: str, **kw: Any) -> System:
    """An entry owned by ``world.orgs[where]`` (or the organisation given as ``owner``)."""
    data: dict[str, Any] = {
        "kind": "system",
        "name": "Registry of licences",
        "description": "Keeps the licences issued to companies.",
        "language": "en",
        "owner": world.orgs[where],
        "capabilities": ["registry"],
        "stage": "operation",
    }
    data.update(kw)
    return services.system_create(actor=world.users["admin"], **data)


def coordinators(world: World) -> None:
    admin = world.users["admin"]
    for username, where in (("coordinator", None), ("coordinator_a", "body_a")):
        if username in world.users:
            continue
        user = account_services.user_create(actor=admin, username=username, password="x" * 20)
        account_services.role_assignment_create(
            actor=admin,
            user=user,
            role=Role.COORDINATOR,
            organisation=world.orgs[where] if where else None,
        )
        world.users[username] = user


@pytest.fixture
def coordinated(world: World) -> World:
    coordinators(world)
    return world
