"""The project office's test world: people in body A (Aliya — ``employee_a1``'s record —
and Bolat in unit A1), Erlan in body B with his own account (``member_b``), a year's KPI
period with a national KPI assigned to body A, and a project of body A."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from cadre.accounts import services as account_services
from cadre.core.testing.world import PASSWORD, World
from cadre.kpi import services as kpi
from cadre.people.services import employee_create, employee_link_user
from cadre.projects import services

START = dt.date(2026, 1, 1)


def person(world: World, personal_id: str, name: str, unit: str) -> Any:
    return employee_create(
        actor=world.users["admin"],
        personal_id=personal_id,
        last_name=name,
        first_name="Test",
        birth_date=dt.date(1990, 1, 1),
        gender="F",
        organisation=world.orgs[unit],
    )


def project(world: World, people: dict[str, Any], **kw: Any) -> Any:
    data: dict[str, Any] = {
        "name": "E-licensing",
        "goal": "Every licence issued online",
        "organisation": world.orgs["body_a"],
        "owner": people["aliya"],
        "sponsor": people["bolat"],
        "start": START,
        "planned_end": dt.date(2026, 12, 31),
        "budget": 150_000_000_00,
        "currency": "KZT",
    }
    data.update(kw)
    return services.project_create(actor=world.users["hr_a"], **data)


@pytest.fixture
def people(world: World) -> dict[str, Any]:
    aliya = person(world, "A0001", "Aliya", "unit_a1")
    employee_link_user(actor=world.users["admin"], employee=aliya, user=world.users["employee_a1"])
    bolat = person(world, "A0002", "Bolat", "unit_a1")
    erlan = person(world, "B0001", "Erlan", "unit_b1")
    member_b = account_services.user_create(
        actor=world.users["admin"], username="member_b", password=PASSWORD
    )
    employee_link_user(actor=world.users["admin"], employee=erlan, user=member_b)
    world.users["member_b"] = member_b
    return {"aliya": aliya, "bolat": bolat, "erlan": erlan}


@pytest.fixture
def kpis(world: World) -> dict[str, Any]:
    admin = world.users["admin"]
    year = kpi.period_create(
        actor=admin, code="2026", kind="year", start=START, end=dt.date(2026, 12, 31)
    )
    before = kpi.period_create(
        actor=admin, code="2025", kind="year", start=dt.date(2025, 1, 1), end=dt.date(2025, 12, 31)
    )
    egov = kpi.definition_create(
        actor=admin,
        owner=world.orgs["country"],
        code="EGOV",
        names={"en": "Services online"},
        unit="percent",
        direction="higher",
        period_kind="year",
        origin="imported",
    )
    unused = kpi.definition_create(
        actor=admin,
        owner=world.orgs["country"],
        code="UNUSED",
        names={"en": "Not in the period's set"},
        unit="count",
        direction="higher",
        period_kind="year",
        origin="imported",
    )
    assignments = {}
    for period in (year, before):
        assignments[period.code] = kpi.assignment_create(
            actor=admin,
            definition=egov,
            period=period,
            organisation=world.orgs["body_a"],
            threshold=Decimal(50),
            target=Decimal(80),
            stretch=Decimal(95),
            weight=Decimal(100),
        )
    return {"year": year, "before": before, "egov": egov, "unused": unused, **assignments}


def actual(world: World, assignment: Any, value: str) -> Any:
    return kpi.actual_create(
        actor=world.users["admin"],
        assignment=assignment,
        value=Decimal(value),
        origin="imported",
        source_system="eGov analytics",
    )


@pytest.fixture
def as_user(as_user: Any) -> Any:
    """The page clients of the root conftest, asking for English answers."""

    def make(username: str) -> Any:
        client = as_user(username)
        client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
        return client

    return make


@pytest.fixture
def api_as(api_as: Any) -> Any:
    """The API clients of the root conftest, asking for English answers."""

    def make(username: str) -> Any:
        client = api_as(username)
        client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
        return client

    return make
