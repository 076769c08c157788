"""The demo's ethics control (issue 25) in the Ministry of Digital Development (KZ-M01), its
ethics officer ``ethics``: two declarations of interest, and three disciplinary cases — one
upheld with a reprimand whose term runs past the year's end, so the person's digital-KPI
bonus is withheld (a correction run of the department's fund, demo/pay.py, shows the line
citing the case), one dismissed, one upheld and under appeal (a person of the ministry
outside the department's fund). The people concerned get sign-in accounts (random
passwords) so that they explain and appeal themselves, as the services require. Run after
the pay, contests and competitions demos, whose recorded results it leaves as they were
but for that one withheld bonus. Idempotent: done once, found by its first case's grounds.

``declare_interest`` is called earlier, by the contest and competition demos: a juror and a
commission member get a personnel record and declare a relation with a person who then
applies, so that the contest and the competition recuse them (decision 0035)."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from django.db import transaction
from django.utils import timezone

from cadre.accounts import services as accounts
from cadre.accounts.models import User
from cadre.core.choices import AuditSource
from cadre.ethics import services as ethics
from cadre.ethics.models import Case
from cadre.orgs.models import Organisation
from cadre.pay import services as pay
from cadre.pay.models import Fund, Run, RunLine
from cadre.people import identifiers
from cadre.people import services as people
from cadre.people.choices import Gender
from cadre.people.models import Employee
from cadre.people.services import employee_link_user

CLI = AuditSource.CLI
UPHELD = "Нарушение правил служебной этики: разглашение служебной информации в чате проекта."
DISMISSED = "Жалоба гражданина на грубость при приёме документов."
APPEALED = "Использование служебного автомобиля в личных целях."


def _account(admin: Any, employee: Employee, username: str, rng: random.Random) -> User:
    user = User.objects.filter(username=username).first() or accounts.user_create(
        actor=admin,
        username=username,
        password=f"Demo-{rng.getrandbits(64):x}",
        first_name=employee.first_name,
        last_name=employee.last_name,
        source=CLI,
    )
    employee_link_user(actor=admin, employee=employee, user=user, source=CLI)
    return user


def declare_interest(
    admin: Any,
    user: User,
    *,
    organisation: Organisation,
    person: dict[str, Any],
    relative: Employee,
    description: str,
) -> Employee:
    """Give ``user`` (a demo account with no personnel record) a record in ``organisation``
    through the people services, and have them declare kin with ``relative`` — the relation
    the jury or commission they sit on reads (``ethics.selectors.declared_bulk``)."""
    employee = Employee.objects.filter(user=user, is_active=True).first()
    if employee is None:
        employee = people.employee_create(
            actor=admin,
            source=CLI,
            personal_id=person["personal_id"],
            last_name=user.last_name,
            first_name=user.first_name,
            middle_name=person["middle_name"],
            birth_date=person["birth_date"],
            gender=person["gender"],
            organisation=organisation,
        )
        employee_link_user(actor=admin, employee=employee, user=user, source=CLI)
    ethics.declaration_create(
        actor=user,
        employee=employee,
        kind="kin",
        related_employee=relative,
        description=description,
        starts_on=dt.date(2015, 1, 1),
        source=CLI,
    )
    return employee


def juror_person() -> dict[str, Any]:
    """The Kaluga juror Павел Орлов's record (a SNILS outside the scenario's range)."""
    return {
        "personal_id": identifiers.snils_make(190_000_001),
        "middle_name": "Сергеевич",
        "birth_date": dt.date(1979, 4, 12),
        "gender": Gender.MALE,
    }


def member_person() -> dict[str, Any]:
    """The commission member Гульнара Омарова's record (an IIN of her birth date)."""
    birth = dt.date(1986, 9, 3)
    serial = 9_001
    while (iin := identifiers.iin_make(birth, Gender.FEMALE, serial)) is None:
        serial += 1
    return {
        "personal_id": iin,
        "middle_name": "Сериковна",
        "birth_date": birth,
        "gender": Gender.FEMALE,
    }


def _people(department: Organisation, ministry: Organisation) -> list[Employee] | None:
    """Two of the department paid a bonus by its latest run (not signed in to the demo), and
    one of the ministry outside the department."""
    fund = Fund.objects.filter(organisation=department).order_by("pk").first()
    run = fund and Run.objects.filter(fund=fund, state="approved").order_by("-number").first()
    if run is None:
        return None
    paid = list(
        RunLine.objects.filter(run=run, amount__gt=0, employee__user__isnull=True)
        .order_by("employee_id")
        .values_list("employee_id", flat=True)[:2]
    )
    outside = (
        Employee.objects.filter(
            is_active=True, user__isnull=True, organisation__path__startswith=ministry.path
        )
        .exclude(organisation__path__startswith=department.path)
        .exclude(pk__in=RunLine.objects.filter(run__fund=fund).values("employee_id"))
        .order_by("pk")
        .first()
    )
    if len(paid) < 2 or outside is None:
        return None
    by_pk = Employee.objects.in_bulk(paid)
    return [by_pk[paid[0]], by_pk[paid[1]], outside]


def _case(officer: Any, commission: list[Any], person: Any, user: User, grounds: str) -> Case:
    case = ethics.case_open(
        actor=officer,
        employee=person,
        grounds=grounds,
        reason="Служебная записка руководителя",
        source=CLI,
    )
    case = ethics.case_explain(
        actor=user,
        case=case,
        explanation="Объяснение представлено в установленный срок.",
        source=CLI,
    )
    return ethics.case_commission(actor=officer, case=case, members=commission, source=CLI)


def load_ethics(admin: Any) -> bool:
    """Create the demo's ethics records once; returns whether anything was created."""
    users = {u.username: u for u in User.objects.filter(username__in=["ethics", "hr", "manager"])}
    ministry = Organisation.objects.filter(code="KZ-M01").first()
    department = Organisation.objects.filter(code="KZ-M01-IT").first()
    if len(users) < 3 or ministry is None or department is None:
        return False
    if Case.objects.filter(grounds=UPHELD).exists():
        return False
    people = _people(department, ministry)
    if people is None:
        return False
    officer, commission = users["ethics"], [users["hr"], users["manager"]]
    rng = random.Random(25)  # noqa: S311  (demo data)
    today = timezone.localdate()
    with transaction.atomic():
        accounts_ = [
            _account(admin, person, f"m01-staff-{n:02d}", rng)
            for n, person in enumerate(people, start=1)
        ]
        first, second, third = people
        # Declarations: one entered by the person, one by the officer for the person.
        declared = ethics.declaration_create(
            actor=accounts_[0],
            employee=first,
            kind="former_employer",
            related_organisation="ТОО «Казтелеком-Сервис»",
            description="Работал разработчиком до перехода на госслужбу.",
            starts_on=today - dt.timedelta(days=400),
            source=CLI,
        )
        ethics.declaration_review(actor=officer, declaration=declared, source=CLI)
        ethics.declaration_create(
            actor=officer,
            employee=second,
            kind="kin",
            related_employee=third,
            description="Супруги.",
            starts_on=today - dt.timedelta(days=30),
            reason="Со слов работника на собеседовании",
            source=CLI,
        )
        upheld = _case(officer, commission, first, accounts_[0], UPHELD)
        ethics.case_decide(
            actor=users["hr"],
            case=upheld,
            outcome="upheld",
            sanction="reprimand",
            term_months=6,
            decision_text="Факт подтверждён перепиской; выговор на шесть месяцев.",
            source=CLI,
        )
        dismissed = _case(officer, commission, second, accounts_[1], DISMISSED)
        ethics.case_decide(
            actor=users["hr"],
            case=dismissed,
            outcome="dismissed",
            decision_text="Запись приёма не подтверждает жалобу.",
            source=CLI,
        )
        appealed = _case(officer, commission, third, accounts_[2], APPEALED)
        appealed = ethics.case_decide(
            actor=users["hr"],
            case=appealed,
            outcome="upheld",
            sanction="remark",
            term_months=3,
            decision_text="Путевые листы подтверждают поездки в выходные; замечание.",
            source=CLI,
        )
        ethics.case_appeal(
            actor=accounts_[2],
            case=appealed,
            grounds="Поездки были по поручению руководителя; прилагаю поручения.",
            source=CLI,
        )
        _correct_pay(admin, users["hr"], department)
    return True


def _correct_pay(admin: Any, hr: Any, department: Organisation) -> None:
    """The department's fund is run again, correcting its latest approved run: the
    sanctioned person's bonus is withheld and the fund shared among the others."""
    fund = Fund.objects.filter(organisation=department).order_by("pk").first()
    if fund is None:
        return
    latest = Run.objects.filter(fund=fund, state="approved").order_by("-number").first()
    if latest is None:
        return
    run = pay.run_propose(
        actor=hr,
        fund=fund,
        corrects=latest,
        reason="Дисциплинарное взыскание: премия не выплачивается (контроль этики).",
        source=CLI,
    )
    pay.run_approve(actor=admin, run=run, source=CLI)
