"""A framework, a standard on a post in unit A1, and three people in that post:
``employee_a1``'s own record (Aliya), Bolat and Dana."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from cadre.assessments import services
from cadre.assessments.models import Test
from cadre.competencies.tests.factories import published_framework, standard
from cadre.core.testing.world import World
from cadre.core.tests.test_browser import browser  # noqa: F401  (the chromium fixture)
from cadre.orgs.services import post_create
from cadre.people.services import assignment_create, employee_create, employee_link_user

QUESTIONS = Path(__file__).resolve().parents[1] / "data" / "demo-questions.json"


def _person(world: World, personal_id: str, name: str, post: Any, unit: str = "unit_a1") -> Any:
    admin = world.users["admin"]
    person = employee_create(
        actor=admin,
        personal_id=personal_id,
        last_name=name,
        first_name="Test",
        birth_date=dt.date(1990, 1, 1),
        gender="F",
        organisation=world.orgs[unit],
    )
    assignment_create(actor=admin, employee=person, post=post, start_date=dt.date(2025, 1, 1))
    return person


@pytest.fixture
def staff(world: World) -> dict[str, Any]:
    admin = world.users["admin"]
    version = published_framework(admin, code="DG", competencies=_dg_competencies())
    post = post_create(
        actor=admin,
        organisation=world.orgs["unit_a1"],
        code="P-ANALYST",
        title="Analyst",
        salary_min=Decimal(100),
        salary_max=Decimal(200),
        currency="KZT",
        positions=5,
    )
    post_b = post_create(
        actor=admin,
        organisation=world.orgs["unit_b1"],
        code="P-ANALYST-B",
        title="Analyst",
        salary_min=Decimal(100),
        salary_max=Decimal(200),
        currency="KZT",
    )
    profile, std = standard(
        admin,
        world.orgs["country"],
        [
            {"competency": "DG:SA.1", "level": 3, "weight": 2},
            {"competency": "DG:IS.1", "level": 2, "weight": 1},
        ],
        code="NAT-ANALYST",
        posts=[post, post_b],
    )
    aliya = _person(world, "A0001", "Aliya", post)
    employee_link_user(actor=admin, employee=aliya, user=world.users["employee_a1"])
    bolat = _person(world, "A0002", "Bolat", post)
    dana = _person(world, "A0003", "Dana", post)
    erlan = _person(world, "B0001", "Erlan", post_b, unit="unit_b1")
    return {
        "version": version,
        "profile": profile,
        "standard": std,
        "aliya": aliya,
        "bolat": bolat,
        "dana": dana,
        "erlan": erlan,
    }


def _dg_competencies() -> list[dict[str, Any]]:
    return [
        {"code": "SA", "parent": None, "category": True, "name": {"en": "Systems analysis"}},
        {"code": "SA.1", "parent": "SA", "name": {"en": "Requirements"}},
        {"code": "IS", "parent": None, "category": True, "name": {"en": "Security"}},
        {"code": "IS.1", "parent": "IS", "name": {"en": "Data protection"}},
    ]


@pytest.fixture
def exam(world: World, staff: dict[str, Any]) -> Test:
    """Two sections like E-Kyzmet's: 4 of 8 questions on SA (pass 2, shows level 3) and
    3 of 8 on IS (pass 2, shows level 2); 5 correct overall; 10 minutes."""
    admin = world.users["admin"]
    data = json.loads(QUESTIONS.read_text(encoding="utf-8"))
    data["banks"] = [b for b in data["banks"] if b["code"] in ("DG-SA", "DG-IS")]
    banks = services.questions_import(
        actor=admin, organisation=world.orgs["country"], data=data, framework_code="DG"
    )
    by_code = {b.code: b for b in banks}
    return services.knowledge_test_create(
        actor=admin,
        organisation=world.orgs["country"],
        code="EXAM-1",
        title="Digital basics",
        minutes=10,
        pass_mark=5,
        is_open=True,
        sections=[
            {"title": "Analysis", "bank": by_code["DG-SA"], "draw": 4, "pass_mark": 2, "level": 3},
            {"title": "Security", "bank": by_code["DG-IS"], "draw": 3, "pass_mark": 2, "level": 2},
        ],
    )
