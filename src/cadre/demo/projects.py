"""The Kazakhstan scenario's project office (issue 21): twelve projects of the Ministry of
Digital Development (KZ-M01; those of its digitalisation department KZ-M01-IT read that
department's KPIs) in two programmes, each with its accountable owner, sponsor, budget in
tiyn, milestones closed with evidence (files, links, a Cadre event) and outcome KPIs of
the KPI demo (demo/kpis.py). Dates are set from today so that, as computed, exactly one
project is late (a milestone 20 days overdue) and one at risk (its next milestone is due
in a week and the one before closed ten days late); one is a draft, one closed."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from cadre.accounts.models import User
from cadre.core.choices import AuditSource
from cadre.core.measures import measure_get
from cadre.kpi.models import Definition, Period
from cadre.orgs.models import Organisation
from cadre.people.models import Employee
from cadre.people.selectors import employees_in
from cadre.projects import services
from cadre.projects.models import Project

CLI = AuditSource.CLI
LATE = "Электронное лицензирование 2.0"
AT_RISK = "Мобильное приложение eGov Mobile 3.0"

# name, goal, programme (0/1), in the department, budget in million tenge, kind
PROJECTS: list[tuple[str, str, int, bool, int, str]] = [
    ("Цифровой документооборот министерства", "Все документы — без бумаги", 0, False, 820, "on"),
    ("Новые онлайн-услуги на eGov", "Доля услуг онлайн не ниже 75 %", 0, True, 1450, "on"),
    ("Национальная платформа открытых данных", "Публикация наборов данных", 0, False, 610, "on"),
    (LATE, "Лицензии выдаются онлайн за один день", 0, False, 930, "late"),
    (AT_RISK, "Услуги в смартфоне", 0, False, 1280, "risk"),
    ("Цифровые компетенции госслужащих", "Сертифицированные ИТ-специалисты", 1, False, 340, "on"),
    ("Облачная платформа G-Cloud", "Системы органов в государственном облаке", 0, True, 2700, "on"),
    ("Биометрическая идентификация", "Вход в услуги по лицу", 0, False, 760, "on"),
    ("Smart Data Ukimet", "Решения по данным", 0, False, 1120, "on"),
    ("Шлюз электронного правительства 3.0", "Единая интеграционная шина", 0, True, 590, "on"),
    ("Цифровой профиль госслужащего", "Кадровые данные в одном месте", 1, False, 210, "draft"),
    ("Реестр объектов информатизации", "Учёт систем органов", 0, False, 180, "closed"),
]


def _close(hr: Any, milestone: Any, day: dt.date, i: int) -> None:
    if i % 2:
        services.milestone_close(
            actor=hr,
            milestone=milestone,
            kind="link",
            link=f"https://egov.kz/acts/{milestone.pk}",
            today=day,
            source=CLI,
        )
    else:
        services.milestone_close(
            actor=hr,
            milestone=milestone,
            kind="file",
            file=SimpleUploadedFile(
                f"act-{milestone.pk}.pdf", b"%PDF-1.4 act of acceptance", "application/pdf"
            ),
            today=day,
            source=CLI,
        )


def load_projects(admin: Any) -> bool:
    """Create the demo's project office once; returns whether anything was created."""
    ministry = Organisation.objects.filter(code="KZ-M01").first()
    department = Organisation.objects.filter(code="KZ-M01-IT").first()
    hr = User.objects.filter(username="hr").first()
    if None in (ministry, department, hr) or Project.objects.filter(name=LATE).exists():
        return False
    assert ministry is not None and department is not None
    today = timezone.localdate()
    period = Period.objects.filter(code=str(today.year)).first()
    kpis = {d.code: d for d in Definition.objects.filter(code__startswith="KZ-DIG-")}
    active = Employee.objects.filter(is_active=True).order_by("pk")
    people = list(active.filter(organisation__path__startswith=ministry.path))
    in_department = list(employees_in(active, department))
    demo_person = Employee.objects.filter(user__username="employee").first()
    outsider = (
        Employee.objects.filter(is_active=True, organisation__code__startswith="KZ-R04")
        .order_by("pk")
        .first()
    )
    if len(people) < 12 or not in_department:
        return False
    ago = lambda days: today - dt.timedelta(days=days)  # noqa: E731
    with transaction.atomic():
        programmes = [
            services.programme_create(
                actor=hr,
                organisation=ministry,
                name="Цифровая трансформация 2025–2029",
                description="Ведомственная программа цифровой трансформации",
                source=CLI,
            ),
            services.programme_create(
                actor=hr,
                organisation=ministry,
                name="Кадры цифрового правительства",
                source=CLI,
            ),
        ]
        for i, (name, goal, programme, dept, millions, kind) in enumerate(PROJECTS):
            body = department if dept else ministry
            staff = in_department if dept else people
            owner = staff[(i * 5) % len(staff)]
            if i == 0 and demo_person is not None:
                owner = demo_person  # the demo employee answers for one project
            start = ago(200) if kind != "draft" else today + dt.timedelta(days=30)
            project = services.project_create(
                actor=hr,
                name=name,
                goal=goal,
                organisation=body,
                programme=programmes[programme],
                owner=owner,
                sponsor=people[0] if people[0] != owner else people[1],
                start=start,
                planned_end=start + dt.timedelta(days=420),
                budget=millions * 1_000_000 * 100,
                currency="KZT",
                source=CLI,
            )
            if outsider is not None and i in (2, 5):
                services.member_add(actor=hr, project=project, employee=outsider, source=CLI)
            if kind == "draft":
                services.milestone_add(
                    actor=hr, project=project, name="Техническое задание", due=start, source=CLI
                )
                continue
            due = [ago(140), ago(40), today + dt.timedelta(days=60)]
            if kind == "late":
                due[1] = ago(20)
            if kind == "risk":
                due[2] = today + dt.timedelta(days=7)
            titles = ["Техническое задание", "Опытная эксплуатация", "Промышленная эксплуатация"]
            milestones = [
                services.milestone_add(actor=hr, project=project, name=t, due=d, source=CLI)
                for t, d in zip(titles, due, strict=True)
            ]
            services.project_transition(actor=hr, project=project, state="active", source=CLI)
            _close(hr, milestones[0], due[0], i)
            if kind == "risk":
                _close(hr, milestones[1], due[1] + dt.timedelta(days=10), i)
            elif kind != "late":
                _close(hr, milestones[1], due[1], i + 1)
            if kind == "closed":
                _close(hr, milestones[2], ago(1), i)
                services.project_transition(actor=hr, project=project, state="closed", source=CLI)
            if period is None:
                continue
            if dept and "KZ-DIG-EGOV" in kpis:
                services.kpi_link(
                    actor=hr,
                    project=project,
                    definition=kpis["KZ-DIG-EGOV"],
                    period=period,
                    target=Decimal(75),
                    source=CLI,
                )
            if kind == "risk" and "KZ-DIG-CERTS" in kpis:
                services.kpi_link(
                    actor=hr,
                    project=project,
                    definition=kpis["KZ-DIG-CERTS"],
                    period=period,
                    target=Decimal(20),
                    source=CLI,
                )
        _event_milestone(hr, ministry, people, today)
    return True


def _event_milestone(hr: Any, ministry: Organisation, people: list[Any], today: dt.date) -> None:
    """The competencies project closes its milestone with a Cadre event: the ministry's
    certificates this year reached what they are now (at least one)."""
    project = Project.objects.get(name="Цифровые компетенции госслужащих")
    certificates = measure_get("learning.certificates_earned")
    if certificates is None:
        return
    value = certificates.compute(organisation=ministry, start=project.start, end=today).value
    if not value:
        return
    milestone = services.milestone_add(
        actor=hr,
        project=project,
        name="Сертифицированы ИТ-специалисты министерства",
        due=today + dt.timedelta(days=30),
        source=CLI,
    )
    services.milestone_close(
        actor=hr,
        milestone=milestone,
        kind="event",
        event_measure="learning.certificates_earned",
        event_threshold=min(value, Decimal(20)),
        today=today,
        source=CLI,
    )
