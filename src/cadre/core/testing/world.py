"""A small world for tests, built through the same services the product uses.

    country (KZ)
    ├── body A (central body)  ── unit A1
    └── body B (central body)  ── unit B1

Users: ``admin`` (national administrator), ``hr_a`` (HR officer over body A), ``hr_b``
(over body B), ``manager_a1`` (manager over unit A1), ``employee_a1`` (employee over A1),
``auditor`` (national auditor), ``auditor_a`` (auditor over body A), ``provider``
(training provider over body B), ``nobody`` (no role).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from cadre.accounts import services as account_services
from cadre.accounts.choices import Role
from cadre.accounts.models import User
from cadre.core.choices import AuditSource
from cadre.orgs import services as org_services
from cadre.orgs.choices import OrgKind
from cadre.orgs.models import Organisation

PASSWORD = "correct-horse-battery-staple"


@dataclass
class World:
    orgs: dict[str, Organisation] = field(default_factory=dict)
    users: dict[str, User] = field(default_factory=dict)

    def __getattr__(self, name: str) -> Any:
        if name in self.__dict__.get("orgs", {}):
            return self.orgs[name]
        if name in self.__dict__.get("users", {}):
            return self.users[name]
        raise AttributeError(name)


def build_world() -> World:
    world = World()
    admin = account_services.national_admin_bootstrap(username="admin", password=PASSWORD)
    world.users["admin"] = admin

    def org(key: str, name: str, kind: str, parent: str | None) -> None:
        world.orgs[key] = org_services.organisation_create(
            actor=admin,
            name=name,
            code=key.upper(),
            kind=kind,
            parent=world.orgs[parent] if parent else None,
            source=AuditSource.SYSTEM,
        )

    org("country", "Country", OrgKind.COUNTRY, None)
    org("body_a", "Body A", OrgKind.CENTRAL_BODY, "country")
    org("unit_a1", "Unit A1", OrgKind.UNIT, "body_a")
    org("body_b", "Body B", OrgKind.CENTRAL_BODY, "country")
    org("unit_b1", "Unit B1", OrgKind.UNIT, "body_b")

    def user(username: str, role: str | None, where: str | None) -> None:
        u = account_services.user_create(actor=admin, username=username, password=PASSWORD)
        if role is not None:
            account_services.role_assignment_create(
                actor=admin,
                user=u,
                role=role,
                organisation=world.orgs[where] if where else None,
            )
        world.users[username] = u

    user("hr_a", Role.HR_OFFICER, "body_a")
    user("hr_b", Role.HR_OFFICER, "body_b")
    user("manager_a1", Role.MANAGER, "unit_a1")
    user("employee_a1", Role.EMPLOYEE, "unit_a1")
    user("auditor", Role.AUDITOR, None)
    user("auditor_a", Role.AUDITOR, "body_a")
    user("provider", Role.TRAINING_PROVIDER, "body_b")
    user("nobody", None, None)
    return world
