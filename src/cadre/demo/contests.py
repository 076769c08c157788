"""Kaluga's "Strategy of Success" contest (issue 20): organised by the region (RU-KLU), three
categories, a rubric of four criteria mapped to the framework's competencies, 40 entries
(the region's IT officials and external candidates), five jurors on every category, two of
them recused from an entry: one declares kin with an entry when it comes in, the other —
staff of the region's training centre — declared his nephew to ethics control beforehand,
so the contest recuses him when the nephew applies (decision 0035); a calibration entry per
category, the jury's scores, the
results with feedback, and 8 winners (3 + 3 + 2) and the finalists in the region's reserve.
Run through the real services, dated as if the contest had run over the past two months."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from django.db import transaction
from django.utils import timezone

from cadre.accounts import services as accounts
from cadre.accounts.models import RoleAssignment, User
from cadre.competencies.models import Competency
from cadre.contests import services
from cadre.contests.models import Contest, Recusal
from cadre.core.choices import AuditSource, Role
from cadre.demo.ethics import declare_interest, juror_person
from cadre.orgs.models import Organisation
from cadre.people.models import Employee
from cadre.people.services import employee_link_user

CLI = AuditSource.CLI
TITLE = "Стратегия успеха 2026"
CATEGORIES = [
    ("GOV", "Цифровое государство", 3),
    ("DATA", "Данные и аналитика", 3),
    ("MOBILE", "Мобильные сервисы", 2),
]
NEPHEW = 4  # the region's fifth official (klu-staff-05), juror 2's nephew
LEVELS = {"1": 1, "2": 1, "3": 2, "4": 3, "5": 4}
# code, name, weight, competency of the framework DG (or None), descriptors 1..5
CRITERIA: list[tuple[str, str, int, str | None, list[str]]] = [
    (
        "IDEA",
        "Актуальность и новизна",
        30,
        "PR.1",
        [
            "Задача не обоснована",
            "Задача известна, решение типовое",
            "Понятная задача, есть новизна",
            "Значимая задача, оригинальный подход",
            "Прорывная идея для региона",
        ],
    ),
    (
        "TECH",
        "Техническая проработка",
        30,
        "SA.1",
        [
            "Нет работающего решения",
            "Прототип с серьёзными пробелами",
            "Работающий прототип",
            "Продуманная архитектура, тесты",
            "Промышленное качество, масштабируемость",
        ],
    ),
    (
        "DATA",
        "Работа с данными",
        20,
        "DM.1",
        [
            "Данные не описаны",
            "Источники названы",
            "Данные очищены и описаны",
            "Качество данных измеряется",
            "Данные — продукт с владельцем и метриками",
        ],
    ),
    (
        "IMPACT",
        "Эффект для жителей",
        20,
        None,
        [
            "Эффект не оценён",
            "Эффект оценён качественно",
            "Есть измеримый эффект",
            "Эффект подтверждён пилотом",
            "Эффект подтверждён внедрением",
        ],
    ),
]
PROJECTS = [
    "Запись к врачу в один клик",
    "Цифровой двойник ЖКХ",
    "Портал открытых данных области",
    "Чат-бот МФЦ",
    "Мониторинг дорог по фото",
    "Электронная очередь в детсад",
    "Карта обращений граждан",
    "Прогноз нагрузки на поликлиники",
    "Учёт муниципального имущества",
    "Мобильный гид по Калуге",
    "Аналитика школьных результатов",
    "Сервис оплаты ЖКУ",
    "Реестр социальных выплат",
    "Умная остановка",
    "Платформа волонтёров",
    "Мониторинг качества воздуха",
    "Цифровой паспорт предприятия",
    "Приложение «Мой двор»",
]


def _candidates(admin: Any, count: int, rng: random.Random) -> list[User]:
    users = []
    for i in range(1, count + 1):
        name = f"klu-candidate-{i:02d}"
        user = User.objects.filter(username=name).first() or accounts.user_create(
            actor=admin,
            username=name,
            password=f"Demo-{rng.getrandbits(64):x}",
            first_name="Кандидат",
            last_name=f"№{i}",
            source=CLI,
        )
        if not RoleAssignment.objects.filter(user=user, role=Role.EXTERNAL_CANDIDATE).exists():
            accounts.role_assignment_create(
                actor=admin, user=user, role=Role.EXTERNAL_CANDIDATE, organisation=None, source=CLI
            )
        users.append(user)
    return users


def load_contests(admin: Any, seed: int = 20) -> bool:
    """Create the contest once; returns whether anything was created."""
    region = Organisation.objects.filter(code="RU-KLU").first()
    hr = User.objects.filter(username="kaluga_hr").first()
    if region is None or hr is None or Contest.objects.filter(title=TITLE).exists():
        return False
    rng = random.Random(seed)  # noqa: S311  (demo data)
    today = timezone.localdate()
    ago = lambda days: today - dt.timedelta(days=days)  # noqa: E731
    competencies = {
        c.code: c for c in Competency.objects.filter(framework__code="DG", is_category=False)
    }
    with transaction.atomic():
        contest = services.contest_create(
            actor=hr,
            organisation=region,
            title=TITLE,
            description="Региональный конкурс ИТ-проектов: лучшие авторы входят в кадровый "
            "резерв области.",
            applications_open=ago(60),
            applications_close=ago(35),
            screening_close=ago(28),
            scoring_close=ago(7),
            final_on=ago(3),
            results_on=today,
            eligibility="Проект, реализованный или готовый к пилоту; один проект от автора.",
            winners=2,
            finalists=2,
            post_group="B",
            published=True,
            source=CLI,
        )
        categories = [
            services.category_add(
                actor=hr, contest=contest, code=code, name=name, winners=winners, source=CLI
            )
            for code, name, winners in CATEGORIES
        ]
        for code, name, weight, competency, texts in CRITERIA:
            found = competencies.get(competency or "")
            services.criterion_add(
                actor=hr,
                contest=contest,
                code=code,
                name=name,
                weight=weight,
                descriptors={str(i): t for i, t in enumerate(texts, start=1)},
                competency=found,
                levels=LEVELS if found else None,
                source=CLI,
            )
        jurors = []
        for i, (first, last) in enumerate(
            [
                ("Ирина", "Белова"),
                ("Павел", "Орлов"),
                ("Светлана", "Кузнецова"),
                ("Андрей", "Волков"),
                ("Наталья", "Лебедева"),
            ],
            start=1,
        ):
            name = f"klu-juror{i}"
            user = User.objects.filter(username=name).first() or accounts.user_create(
                actor=admin,
                username=name,
                password=f"Demo-{rng.getrandbits(64):x}",
                first_name=first,
                last_name=last,
                source=CLI,
            )
            jurors.append(user)
            for category in categories:
                services.juror_add(actor=hr, category=category, user=user, source=CLI)
        staff = list(
            Employee.objects.filter(
                is_active=True, organisation__path__startswith=region.path, user__isnull=True
            ).order_by("pk")[:9]
        )
        applicants: list[User] = []
        for n, employee in enumerate(staff, start=1):
            user = accounts.user_create(
                actor=admin,
                username=f"klu-staff-{n:02d}",
                password=f"Demo-{rng.getrandbits(64):x}",
                first_name=employee.first_name,
                last_name=employee.last_name,
                source=CLI,
            )
            employee_link_user(actor=admin, employee=employee, user=user, source=CLI)
            applicants.append(user)
        # Павел Орлов (juror 2) works at the region's training centre and declared his
        # nephew, a ministry official, to ethics control: the nephew's entry is his recusal.
        training = Organisation.objects.filter(code="RU-KLU-UC").first()
        if training is not None and len(staff) > NEPHEW:
            declare_interest(
                admin,
                jurors[1],
                organisation=training,
                person=juror_person(),
                relative=staff[NEPHEW],
                description="Племянник (сын сестры).",
            )
        applicants += _candidates(admin, 40 - len(applicants), rng)
        entries = []
        for i, user in enumerate(applicants):
            category = categories[0] if i < 16 else categories[1] if i < 30 else categories[2]
            entries.append(
                services.application_submit(
                    actor=user,
                    contest=contest,
                    category=category,
                    title=f"{PROJECTS[i % len(PROJECTS)]} ({i + 1})",
                    summary="Проект: задача, решение, данные, эффект и план внедрения.",
                    source=CLI,
                    today=ago(40),
                )
            )
        for entry in entries:
            services.application_screen(actor=hr, application=entry, eligible=True, source=CLI)
        # the fifth juror's cousin applied: declared, recused from that entry
        kin = entries[3]
        services.recusal_declare(
            actor=jurors[4], application=kin, kind="kin", detail="Двоюродный брат", source=CLI
        )
        recused = set(
            Recusal.objects.filter(juror__contest=contest).values_list(
                "juror__user_id", "application_id"
            )
        )
        scores = _scores(rng, len(jurors), len(entries))
        for category in categories:
            calibration = services.calibration_add(
                actor=hr,
                category=category,
                title=f"Калибровка: {category.name}",
                summary="Эталонный проект среднего уровня: все члены жюри оценивают его первым.",
                source=CLI,
            )
            for juror in jurors:
                services.scorecard_submit(
                    actor=juror,
                    application=calibration,
                    scores={c[0]: 3 for c in CRITERIA},
                    source=CLI,
                    today=ago(20),
                )
        for e, entry in enumerate(entries):
            for j, juror in enumerate(jurors):
                if (juror.pk, entry.pk) in recused:
                    continue
                services.scorecard_submit(
                    actor=juror,
                    application=entry,
                    scores={c[0]: scores[j][e][k] for k, c in enumerate(CRITERIA)},
                    source=CLI,
                    today=ago(15),
                )
        services.results_publish(actor=hr, contest=contest, source=CLI)
    return True


def _scores(rng: random.Random, jurors: int, entries: int) -> list[list[list[int]]]:
    """Each entry's quality, each juror's severity, some noise; juror 3 reads the data
    criterion their own way (it shows in α); scores 1..5."""
    quality = [rng.gauss(3.2, 0.8) for _ in range(entries)]
    severity = [0.0, 0.4, -0.3, 0.2, -0.2]
    out = []
    for j in range(jurors):
        rows = []
        for e in range(entries):
            row = []
            for k in range(len(CRITERIA)):
                noise = rng.gauss(0, 1.2 if (j == 2 and k == 2) else 0.5)
                row.append(max(1, min(5, round(quality[e] + severity[j] + noise))))
            rows.append(row)
        out.append(rows)
    return out
