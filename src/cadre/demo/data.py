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
from cadre.candidates import services as candidate_services
from cadre.candidates.models import CandidateProfile
from cadre.core.choices import AuditSource
from cadre.demo.analytics import load_analytics
from cadre.demo.competencies import load_competencies
from cadre.demo.competitions import load_competitions
from cadre.demo.contests import load_contests
from cadre.demo.ethics import load_ethics
from cadre.demo.kpis import load_kpis
from cadre.demo.learning import load_learning
from cadre.demo.pay import load_pay
from cadre.demo.portfolio import load_portfolio
from cadre.demo.projects import load_projects
from cadre.demo.ratings import load_ratings
from cadre.demo.scenarios import load_scenarios
from cadre.demo.staffing import load_graduates, load_staffing
from cadre.demo.talent import load_talent
from cadre.orgs import services as org_services
from cadre.orgs.choices import OrgKind
from cadre.orgs.models import Organisation
from cadre.people import services as people_services
from cadre.people.models import Employee, OrganisationFigures
from cadre.people.selectors import figures_refresh

# A competence centre the scenarios do not have: the 1 bn tenge Centre of Digital Competencies.
ORGS: list[tuple[str, str, str, str | None]] = [
    ("KZ-CDC", "Центр цифровых компетенций", OrgKind.COMPETENCE_CENTRE, "KZ"),
]

# username, role, organisation code (None: whole country), first name, last name
USERS: list[tuple[str, str, str | None, str, str]] = [
    ("admin", Role.NATIONAL_ADMIN, None, "Айгерим", "Сапарова"),
    ("hr", Role.HR_OFFICER, "KZ-M01", "Ержан", "Касымов"),
    ("manager", Role.MANAGER, "KZ-M01-IT", "Дина", "Ахметова"),
    ("employee", Role.EMPLOYEE, "KZ-M01-IT", "Арман", "Нурланов"),
    ("auditor", Role.AUDITOR, None, "Гульнара", "Омарова"),
    ("provider", Role.TRAINING_PROVIDER, "KZ-CDC", "Марат", "Жумабеков"),
    ("akimat_hr", Role.HR_OFFICER, "KZ-R04-AK", "Салтанат", "Бекова"),
    ("bk_hr", Role.HR_OFFICER, "VN-BK", "Lan", "Nguyễn Thị"),
    ("kaluga_hr", Role.HR_OFFICER, "RU-KLU", "Елена", "Смирнова"),
    ("desk", Role.SERVICE_DESK, "KZ-R04-AK", "ЦОН", "Алматы"),
    ("coordinator", Role.COORDINATOR, None, "Нурлан", "Абенов"),
    ("candidate", Role.EXTERNAL_CANDIDATE, None, "Ольга", "Воронцова"),
    ("ethics", Role.ETHICS_OFFICER, "KZ-M01", "Айдана", "Муратова"),
]

DEMO_USERS = [
    (username, Role(role).label, code or "whole country") for username, role, code, *_ in USERS
]


@transaction.atomic
def demo_load() -> dict[str, Any]:
    """Create what is missing of the demo; returns how many objects were created."""
    created: dict[str, Any] = {"organisations": 0, "users": 0, "roles": 0}
    password: str = settings.CADRE_DEMO_PASSWORD
    admin = User.objects.filter(username="admin").first()
    if admin is None:
        admin = account_services.national_admin_bootstrap(
            username="admin", password=password, first_name=USERS[0][3], last_name=USERS[0][4]
        )
        created["users"] += 1
        created["roles"] += 1
    created["scenarios"] = load_scenarios(admin)
    by_code: dict[str, Organisation] = {
        o.code: o for o in Organisation.objects.filter(code__in=_codes_used())
    }
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
    candidate = User.objects.get(username="candidate")
    if not CandidateProfile.objects.filter(user=candidate).exists():
        # Registered by the administrator (no mailed link): a verified profile of her own.
        candidate_services.candidate_profile_open(
            actor=admin, user=candidate, source=AuditSource.CLI
        )
        candidate_services.candidate_profile_update(
            actor=candidate,
            source=AuditSource.CLI,
            willing_to_relocate=True,
            cv="Аналитик данных, 6 лет: Python, SQL, Power BI; магистр прикладной математики.",
        )
    employee_user = User.objects.get(username="employee")
    if not Employee.objects.filter(user=employee_user).exists():
        person = Employee.objects.filter(organisation__code="KZ-M01").order_by("pk").first()
        if person is not None:
            people_services.employee_link_user(
                actor=admin, employee=person, user=employee_user, source=AuditSource.CLI
            )
            # The account bears its person's name (the demo made the account first).
            User.objects.filter(pk=employee_user.pk).update(
                first_name=person.first_name, last_name=person.last_name
            )
    rated = load_ratings(User.objects.get(username="desk"))
    created["competencies"] = int(load_competencies(admin))
    created["learning"] = int(load_learning(admin))
    created["kpis"] = int(load_kpis(admin))
    created["pay"] = int(load_pay(admin))
    created["projects"] = int(load_projects(admin))
    created["portfolio"] = int(load_portfolio(admin))
    created["talent"] = int(load_talent(admin))
    created["contests"] = int(load_contests(admin))
    created["competitions"] = int(load_competitions(admin))  # on talent's vacancies
    created["staffing"] = int(load_staffing(admin))  # after competitions: vacancies count them
    created["graduates"] = int(load_graduates(admin))  # the workforce forecast's supply
    created["ethics"] = int(load_ethics(admin))  # last: it corrects the pay run on purpose
    changed = bool(any(created.values()) or rated or not OrganisationFigures.objects.exists())
    if changed:
        figures_refresh()  # not on every start-up: only when the demo changed
    created["analytics_reports"] = load_analytics(admin, changed=changed)
    return created


def _codes_used() -> set[str]:
    codes = {code for _, _, code, _, _ in USERS if code}
    return codes | {code for code, *_ in ORGS} | {p for *_, p in ORGS if p}


def summary(created: dict[str, Any]) -> str:
    return ", ".join(f"{k}: {v}" for k, v in created.items())
