"""The staffing test world: body A's unit A1 with four posts and seven people.

- AN "Analyst": 4 units, Aliya (T:A.1 at 3), Bolat, Cara, Dias (appointed in 2019, 2024,
  2023, 2021); function "analysis";
- SEC "Security officer": 1 unit, Erzhan (T:S.1 at 2, the only holder); "security";
- DL "Digital lead": 1 unit, a digital lead post, Farida; "digital";
- CL "Clerk": 2.5 units, Gani (1.5 vacant); "records".

A standard in force (T:A.1 ≥ 3, T:S.1 ≥ 2) covers AN and SEC; a course builds T:S.1 to 2
in 24 hours for 150,000 KZT; a training target counts T:S.1 at 2 in body A. The table of
body A (version 1) is in force from 2026-01-01."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from cadre.core.testing.world import World
from cadre.orgs import services as org_services
from cadre.people.services import assignment_create, employee_create
from cadre.staffing.services import tables

START = dt.date(2026, 1, 1)
PAY = {
    "AN": (Decimal(300000), Decimal(50000)),
    "SEC": (Decimal(400000), Decimal(0)),
    "DL": (Decimal(500000), Decimal(0)),
    "CL": (Decimal(200000), Decimal(0)),
}


def person(world: World, personal_id: str, name: str) -> Any:
    return employee_create(
        actor=world.users["admin"],
        personal_id=personal_id,
        last_name=name,
        first_name="Test",
        birth_date=dt.date(1990, 1, 1),
        gender="F",
        organisation=world.orgs["unit_a1"],
    )


def a_post(
    world: World, code: str, title: str, *, unit: str = "unit_a1", lead: bool = False
) -> Any:
    return org_services.post_create(
        actor=world.users["admin"],
        organisation=world.orgs[unit],
        code=code,
        title=title,
        category="C-4",
        salary_min=Decimal(100),
        salary_max=Decimal(900000),
        currency="KZT",
        positions=1,
        is_digital_lead=lead,
    )


@pytest.fixture
def setup(world: World) -> dict[str, Any]:
    from cadre.assessments.models import Proficiency
    from cadre.competencies.models import Framework
    from cadre.competencies.tests.factories import published_framework, standard
    from cadre.learning.plans import target_create
    from cadre.learning.services.courses import course_create

    admin = world.users["admin"]
    posts = {
        "AN": a_post(world, "AN", "Analyst"),
        "SEC": a_post(world, "SEC", "Security officer"),
        "DL": a_post(world, "DL", "Digital lead", lead=True),
        "CL": a_post(world, "CL", "Clerk"),
    }
    names = ["Aliya", "Bolat", "Cara", "Dias", "Erzhan", "Farida", "Gani"]
    people = {n: person(world, f"A{i:04d}", n) for i, n in enumerate(names, start=1)}
    holds = {
        "Aliya": "AN",
        "Bolat": "AN",
        "Cara": "AN",
        "Dias": "AN",
        "Erzhan": "SEC",
        "Farida": "DL",
        "Gani": "CL",
    }
    # Appointed on different days: the rule-based cut takes the last appointed first
    # (Bolat, then Cara, Dias, Aliya among the analysts).
    since = {
        "Aliya": dt.date(2019, 3, 1),
        "Bolat": dt.date(2024, 9, 1),
        "Cara": dt.date(2023, 2, 1),
        "Dias": dt.date(2021, 5, 1),
    }
    for name, code in holds.items():
        assignment_create(
            actor=admin, employee=people[name], post=posts[code], start_date=since.get(name, START)
        )
    published_framework(admin)
    standard(
        admin,
        world.orgs["country"],
        [
            {"competency": "T:A.1", "level": 3, "weight": 2},
            {"competency": "T:S.1", "level": 2, "weight": 1},
        ],
        posts=[posts["AN"], posts["SEC"]],
    )
    fw = Framework.objects.get(code="T")
    now = timezone.now()
    Proficiency.objects.create(
        employee=people["Aliya"], framework=fw, code="A.1", level=3, computed_at=now
    )
    Proficiency.objects.create(
        employee=people["Erzhan"], framework=fw, code="S.1", level=2, computed_at=now
    )
    # Bolat knows A.1 at 2: below the standard's 3, he does not count as a holder.
    Proficiency.objects.create(
        employee=people["Bolat"], framework=fw, code="A.1", level=2, computed_at=now
    )
    course = course_create(
        actor=admin,
        provider=world.orgs["body_b"],
        code="SEC-101",
        titles={"en": "Data protection"},
        hours=24,
        format="online",
        currency="KZT",
        cost=Decimal(150000),
        outcomes=[{"competency": "T:S.1", "level": 2}],
    )
    target = target_create(
        actor=admin,
        organisation=world.orgs["body_a"],
        title="Data protection for all",
        kind="competency",
        due_on=timezone.localdate() + dt.timedelta(days=300),
        target=3,
        competency="T:S.1",
        level=2,
    )
    table = tables.table_create(
        actor=admin, organisation=world.orgs["body_a"], effective_from=START
    )
    units = {"AN": "4", "SEC": "1", "DL": "1", "CL": "2.5"}
    functions = {"AN": ["analysis"], "SEC": ["security"], "DL": ["digital"], "CL": ["records"]}
    lines = {}
    for code, post in posts.items():
        salary, supp = PAY[code]
        lines[code] = tables.line_create(
            actor=admin,
            table=table,
            post=post,
            units=units[code],
            salary=salary,
            supplements=supp,
            currency="KZT",
            functions=functions[code],
        )
    tables.table_approve(
        actor=admin, table=table, order_number="17-ш", order_date=dt.date(2025, 12, 20)
    )
    table.refresh_from_db()
    return {
        "posts": posts,
        "people": people,
        "table": table,
        "lines": lines,
        "course": course,
        "target": target,
    }


@pytest.fixture
def as_user(as_user: Any) -> Any:
    def make(username: str) -> Any:
        client = as_user(username)
        client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
        return client

    return make


@pytest.fixture
def api_as(api_as: Any) -> Any:
    def make(username: str) -> Any:
        client = api_as(username)
        client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
        return client

    return make
