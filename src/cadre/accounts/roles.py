"""Roles: which roles a holder of a role may hand out, and where a user's roles come from.

The permission vocabulary (grants, reaches, ``can``) is core's (``cadre.core.permissions``,
re-exported here for the apps that read it through accounts); every app grants its own
models to the roles from its ``app.py``. Role assignments over an organisation reach that
organisation's subtree; one without an organisation reaches the whole country.
"""

from __future__ import annotations

from typing import Any

from cadre.accounts.choices import Role
from cadre.core.permissions import (
    ALL,
    OWN_GRANTS,
    PRIVATE,
    ROLE_GRANTS,
    VIEW,
    assignments_of,
    can,
    forget_permissions,
    grant,
    may,
    reach_of_user,
    roles_of,
)

__all__ = [
    "ALL",
    "GRANTABLE",
    "OWN_GRANTS",
    "PRIVATE",
    "ROLE_GRANTS",
    "VIEW",
    "assignments_from_database",
    "assignments_of",
    "can",
    "forget_permissions",
    "grant",
    "may",
    "reach_of_user",
    "roles_of",
]

# Which roles a holder of a role may hand out, inside their own reach.
GRANTABLE: dict[str, frozenset[str]] = {
    Role.NATIONAL_ADMIN: frozenset(Role.values),
    Role.HR_OFFICER: frozenset(
        {Role.HR_OFFICER, Role.MANAGER, Role.EMPLOYEE, Role.TRAINING_PROVIDER, Role.SERVICE_DESK}
    ),
}


def assignments_from_database(user: Any) -> list[tuple[str, str | None]]:
    """``(role, organisation path or None)`` for each of the user's role assignments."""
    from cadre.accounts.models import RoleAssignment

    return list(RoleAssignment.objects.filter(user=user).values_list("role", "organisation__path"))
