"""The small demo that ``cadre up`` loads: a country, a few bodies, a user for every role.

Loaded through the services (so it is audited like any other change) and idempotent: a
second run finds everything by its code or username and changes nothing.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import transaction

from cadre.accounts import services as account_services
from cadre.accounts.choices import Role
from cadre.accounts.models import RoleAssignment, User
from cadre.core.choices import AuditSource
from cadre.orgs import services as org_services
from cadre.orgs.choices import OrgKind
from cadre.orgs.models import Organisation

# code, name, kind, parent code
ORGS: list[tuple[str, str, str, str | None]] = [
    ("KZ", "Қазақстан Республикасы", OrgKind.COUNTRY, None),
    (
        "KZ-MDAI",
        "Министерство цифрового развития, инноваций и аэрокосмической промышленности",
        OrgKind.CENTRAL_BODY,
        "KZ",
    ),
    ("KZ-MDAI-IT", "Департамент цифровизации", OrgKind.UNIT, "KZ-MDAI"),
    ("KZ-MF", "Министерство финансов", OrgKind.CENTRAL_BODY, "KZ"),
    ("KZ-MF-IT", "Управление информационных технологий", OrgKind.UNIT, "KZ-MF"),
    ("KZ-ALM", "Алматы облысы", OrgKind.REGION, "KZ"),
    ("KZ-ALM-AKIMAT", "Акимат Алматинской области", OrgKind.LOCAL_BODY, "KZ-ALM"),
    ("KZ-ALM-AKIMAT-IT", "Отдел цифровизации акимата", OrgKind.UNIT, "KZ-ALM-AKIMAT"),
    ("KZ-CDC", "Центр цифровых компетенций", OrgKind.COMPETENCE_CENTRE, "KZ"),
]

# username, role, organisation code (None: whole country), first name, last name
USERS: list[tuple[str, str, str | None, str, str]] = [
    ("admin", Role.NATIONAL_ADMIN, None, "Айгерим", "Сапарова"),
    ("hr", Role.HR_OFFICER, "KZ-MDAI", "Ержан", "Касымов"),
    ("manager", Role.MANAGER, "KZ-MDAI-IT", "Дина", "Ахметова"),
    ("employee", Role.EMPLOYEE, "KZ-MDAI-IT", "Арман", "Нурланов"),
    ("auditor", Role.AUDITOR, None, "Гульнара", "Омарова"),
    ("provider", Role.TRAINING_PROVIDER, "KZ-CDC", "Марат", "Жумабеков"),
    ("akimat_hr", Role.HR_OFFICER, "KZ-ALM-AKIMAT", "Салтанат", "Бекова"),
]

DEMO_USERS = [
    (username, Role(role).label, code or "whole country") for username, role, code, *_ in USERS
]


@transaction.atomic
def demo_load() -> dict[str, int]:
    """Create what is missing of the demo; returns how many objects were created."""
    created = {"organisations": 0, "users": 0, "roles": 0}
    password: str = settings.CADRE_DEMO_PASSWORD
    admin = User.objects.filter(username="admin").first()
    if admin is None:
        admin = account_services.national_admin_bootstrap(
            username="admin", password=password, first_name=USERS[0][3], last_name=USERS[0][4]
        )
        created["users"] += 1
        created["roles"] += 1
    by_code: dict[str, Organisation] = {o.code: o for o in Organisation.objects.all()}
    for code, name, kind, parent_code in ORGS:
        if code in by_code:
            continue
        by_code[code] = org_services.organisation_create(
            actor=admin,
            name=name,
            code=code,
            kind=kind,
            parent=by_code[parent_code] if parent_code else None,
            source=AuditSource.CLI,
        )
        created["organisations"] += 1
    for username, role, org_code, first, last in USERS[1:]:
        user: User | None = User.objects.filter(username=username).first()
        if user is None:
            user = account_services.user_create(
                actor=admin,
                username=username,
                password=password,
                first_name=first,
                last_name=last,
                source=AuditSource.CLI,
            )
            created["users"] += 1
        org = by_code[org_code] if org_code else None
        if not RoleAssignment.objects.filter(user=user, role=role, organisation=org).exists():
            account_services.role_assignment_create(
                actor=admin, user=user, role=role, organisation=org, source=AuditSource.CLI
            )
            created["roles"] += 1
    return created


def summary(created: dict[str, Any]) -> str:
    return ", ".join(f"{k}: {v}" for k, v in created.items())
