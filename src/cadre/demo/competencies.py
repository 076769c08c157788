"""Demo competencies: the starter framework, three standards per country, question banks and
a test, levels for everyone from manager assessments, and the gap matrix computed."""

from __future__ import annotations

import datetime as dt
import json
import random
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils import timezone

from cadre.assessments import services as assessment_services
from cadre.assessments.campaigns.running import campaign_create, campaign_launch
from cadre.assessments.choices import Instrument
from cadre.assessments.gaps import gaps_recompute
from cadre.assessments.proficiency import Observation, evidence_record
from cadre.competencies import frameworks
from cadre.competencies import services as competency_services
from cadre.competencies.models import Competency, Framework
from cadre.core.choices import AuditSource
from cadre.orgs.models import Organisation, Post
from cadre.people.choices import AssignmentKind
from cadre.people.models import Assignment

STARTER = Path(__file__).resolve().parents[1] / "competencies" / "data" / "digital-government.json"
QUESTIONS = Path(__file__).resolve().parents[1] / "assessments" / "data" / "demo-questions.json"

# code suffix, titles by country code, requirements (competency, level, weight)
STANDARDS: list[tuple[str, dict[str, str], list[tuple[str, int, int]]]] = [
    (
        "IT",
        {
            "KZ": "ИТ-специалист госоргана",
            "RU": "ИТ-специалист органа власти",
            "VN": "Chuyên viên công nghệ thông tin",
        },
        [("SA.1", 3, 3), ("DM.1", 3, 2), ("IS.1", 3, 3), ("AR.1", 2, 2), ("SD.1", 2, 1)],
    ),
    (
        "LEAD",
        {
            "KZ": "Руководитель цифровизации",
            "RU": "Руководитель цифровой трансформации",
            "VN": "Lãnh đạo chuyển đổi số",
        },
        [("PM.1", 3, 3), ("PR.1", 3, 2), ("AR.1", 2, 1), ("IS.1", 2, 2), ("SD.1", 2, 2)],
    ),
    (
        "GEN",
        {
            "KZ": "Государственный служащий",
            "RU": "Государственный гражданский служащий",
            "VN": "Công chức",
        },
        [("IS.1", 2, 3), ("DM.1", 1, 1), ("SD.1", 1, 1)],
    ),
]


def load_competencies(admin: Any, seed: int = 11) -> bool:
    """Create the demo's competency data once; returns whether anything was created."""
    if Framework.objects.filter(code="DG").exists():
        return False
    rng = random.Random(seed)  # noqa: S311  (demo data)
    with transaction.atomic():
        data = frameworks.parse_file(STARTER, STARTER.name)
        competency_services.framework_import(
            actor=admin, data=data, publish=True, source=AuditSource.CLI, notes="Starter framework"
        )
        countries = list(Organisation.objects.filter(parent__isnull=True).order_by("code"))
        for country in countries:
            _standards(admin, country)
        kz = next((c for c in countries if c.code == "KZ"), countries[0] if countries else None)
        test = _test(admin, kz) if kz is not None else None
        _levels(admin, rng)
        ministry = Organisation.objects.filter(code="KZ-M01").first()
        if ministry is not None:
            campaign = campaign_create(
                actor=admin,
                organisation=ministry,
                title="Оценка цифровых компетенций 2026",
                closes_on=timezone.localdate() + dt.timedelta(days=30),
                test=test,
                feedback=True,
                source=AuditSource.CLI,
            )
            campaign_launch(actor=admin, campaign=campaign, source=AuditSource.CLI)
    gaps_recompute()
    return True


def _standards(admin: Any, country: Organisation) -> None:
    from django.db.models import Q

    from cadre.core.fields import subtree_q

    posts = Post.objects.filter(subtree_q("organisation__path", country.path))
    groups = {
        "LEAD": posts.filter(is_digital_lead=True),
        "IT": posts.filter(is_digital_lead=False, organisation__is_it_unit=True),
        "GEN": posts.filter(~Q(is_digital_lead=True) & ~Q(organisation__is_it_unit=True)),
    }
    for suffix, titles, requirements in STANDARDS:
        profile = competency_services.profile_create(
            actor=admin,
            organisation=country,
            code=f"{country.code}-STD-{suffix}",
            title=titles.get(country.code, titles["KZ"]),
            source=AuditSource.CLI,
        )
        competency_services.profile_version_create(
            actor=admin,
            profile=profile,
            legal_document="Приказ № 15-ДГ" if country.code != "VN" else "Quyết định số 15/QĐ",
            legal_date=dt.date(2026, 2, 1),
            requirements=[
                {"competency": f"DG:{code}", "level": level, "weight": weight}
                for code, level, weight in requirements
            ],
            in_force=True,
            source=AuditSource.CLI,
        )
        codes = list(groups[suffix].values_list("code", flat=True))
        if codes:
            competency_services.profile_posts_attach(
                actor=admin, profile=profile, post_codes=codes, source=AuditSource.CLI
            )


def _test(admin: Any, country: Organisation) -> Any:
    data = json.loads(QUESTIONS.read_text(encoding="utf-8"))
    banks = assessment_services.questions_import(
        actor=admin, organisation=country, data=data, framework_code="DG", source=AuditSource.CLI
    )
    by_code = {b.code: b for b in banks}
    sections = [
        ("DG-SA", "Системный анализ"),
        ("DG-IS", "Информационная безопасность"),
        ("DG-DM", "Управление данными"),
        ("DG-PM", "Управление проектами"),
    ]
    return assessment_services.knowledge_test_create(
        actor=admin,
        organisation=country,
        code="DG-BASICS",
        title="Цифровая грамотность госслужащего",
        minutes=20,
        pass_mark=12,
        is_open=True,
        sections=[
            {"title": title, "bank": by_code[code], "draw": 5, "pass_mark": 2, "level": 2}
            for code, title in sections
        ],
        source=AuditSource.CLI,
    )


def _levels(admin: Any, rng: random.Random) -> None:
    """Manager assessments for most people: around the required level, often below it."""
    from cadre.assessments.selectors import person_gaps

    comps = {c.code: c for c in Competency.objects.filter(framework__code="DG", is_category=False)}
    when = timezone.now() - dt.timedelta(days=30)
    people = (
        Assignment.objects.filter(kind=AssignmentKind.MAIN, end_date__isnull=True)
        .select_related("employee__organisation")
        .order_by("employee_id")
    )
    for assignment in people:
        if rng.random() < 0.15:  # not assessed yet
            continue
        person = assignment.employee
        _version, gaps = person_gaps(person)
        observations = [
            Observation(
                comps[g.competency.code],
                max(1, min(4, g.required + rng.choice((-2, -1, -1, 0, 0, 1)))),
            )
            for g in gaps
        ]
        if observations:
            evidence_record(
                actor=admin,
                employee=person,
                observations=observations,
                instrument=Instrument.MANAGER,
                source="demo",
                observed_at=when,
                origin=AuditSource.CLI,
            )
