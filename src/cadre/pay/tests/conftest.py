"""Six people in body A (five in unit A1, one in body A itself) and one in body B, with
salaries, main posts and achievements for 2026; a rule and a fund of 700,000.00 KZT over
body A — the worked example of docs/pay.md."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from cadre.core.testing.world import World
from cadre.kpi.models import Achievement, Period
from cadre.orgs.services import post_create
from cadre.pay import services
from cadre.people.services import assignment_create, employee_create, employee_link_user

# (personal id, unit, monthly salary in tiyn, achievement, main post from)
PEOPLE = [
    ("A0001", "unit_a1", 30_000_000, "1.2", dt.date(2025, 1, 1)),
    ("A0002", "unit_a1", 15_000_000, "1.0", dt.date(2026, 7, 1)),  # half the year
    ("A0003", "unit_a1", 20_000_000, "0.4", dt.date(2025, 1, 1)),
    ("A0004", "unit_a1", 10_000_000, "1.5", dt.date(2025, 1, 1)),
    ("A0005", "unit_a1", 12_000_000, "0.9", dt.date(2026, 11, 1)),  # two months
    ("A0006", "body_a", 12_345_679, "0.75", dt.date(2025, 1, 1)),
    ("B0001", "unit_b1", 20_000_000, "1.0", dt.date(2025, 1, 1)),
]


@pytest.fixture
def pay(world: World) -> dict[str, Any]:
    admin = world.users["admin"]
    period = Period.objects.create(
        code="2026", kind="year", start=dt.date(2026, 1, 1), end=dt.date(2026, 12, 31)
    )
    posts = {
        unit: post_create(
            actor=admin,
            organisation=world.orgs[unit],
            code=f"P-{unit}",
            title="Analyst",
            salary_min=Decimal(1),
            salary_max=Decimal(10**6),
            currency="KZT",
            positions=10,
        )
        for unit in ("unit_a1", "body_a", "unit_b1")
    }
    people = {}
    for pid, unit, salary, achievement, since in PEOPLE:
        person = employee_create(
            actor=admin,
            personal_id=pid,
            last_name=f"Person {pid}",
            first_name="Test",
            birth_date=dt.date(1990, 1, 1),
            gender="F",
            organisation=world.orgs[unit],
        )
        assignment_create(actor=admin, employee=person, post=posts[unit], start_date=since)
        services.salary_set(
            actor=admin,
            employee=person,
            amount=salary,
            currency="KZT",
            valid_from=dt.date(2025, 1, 1),
        )
        Achievement.objects.create(
            employee=person,
            period=period,
            total=Decimal(achievement),
            lines=[{"kpi": "DIG-1", "weight": "1", "actual": "12", "achievement": achievement}],
            computed_at=timezone.now(),
        )
        people[pid] = person
    employee_link_user(actor=admin, employee=people["A0001"], user=world.users["employee_a1"])
    rule = services.rule_create(
        actor=admin,
        organisation=world.orgs["country"],
        code="DIGITAL",
        min_achievement="0.5",
        min_months="3",
        period_months="12",
        target_share="1",
        max_factor="1.5",
        cap_salaries="1.5",
        rounding_unit=1,
    )
    fund = services.fund_create(
        actor=world.users["hr_a"],
        name="Digital KPI fund 2026",
        organisation=world.orgs["body_a"],
        period=period,
        rule=rule,
        amount=70_000_000,
        currency="KZT",
    )
    return {"period": period, "people": people, "rule": rule, "fund": fund}


@pytest.fixture
def en(as_user: Any) -> Any:
    """``en("hr_a")``: a client of that user asking for English."""

    def make(username: str) -> Any:
        client = as_user(username)
        client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
        return client

    return make
