"""A year's KPI period (the current year, so that certificates issued today fall in it),
KPIs of the three sources kept by body A, and the assessment fixtures' staff (Aliya,
Bolat and Dana in unit A1, Aliya linked to ``employee_a1``; Erlan in unit B1)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from cadre.assessments.tests.conftest import staff  # noqa: F401  (fixture)
from cadre.core.testing.world import World
from cadre.kpi import services
from cadre.kpi.models import Assignment, Definition, Period


def year_period(world: World, code: str | None = None) -> Period:
    year = timezone.localdate().year
    return services.period_create(
        actor=world.users["admin"],
        code=code or str(year),
        kind="year",
        start=dt.date(year, 1, 1),
        end=dt.date(year, 12, 31),
    )


def definition(world: World, code: str, origin: str, **kw: Any) -> Definition:
    data: dict[str, Any] = {
        "owner": world.orgs["body_a"],
        "names": {"en": f"KPI {code}", "ru": f"КПЭ {code}"},
        "unit": "count",
        "direction": "higher",
        "period_kind": "year",
        "origin": origin,
        "measure": "",
    }
    data.update(kw)
    return services.definition_create(actor=world.users["hr_a"], code=code, **data)


def give(
    world: World,
    kpi: Definition,
    period: Period,
    levels: tuple[str, str, str],
    weight: str,
    **holder: Any,
) -> Assignment:
    threshold, target, stretch = (Decimal(v) for v in levels)
    return services.assignment_create(
        actor=world.users["hr_a"],
        definition=kpi,
        period=period,
        threshold=threshold,
        target=target,
        stretch=stretch,
        weight=Decimal(weight),
        **holder,
    )


@pytest.fixture
def kpis(world: World, staff: Any) -> dict[str, Any]:  # noqa: F811
    period = year_period(world)
    return {
        "period": period,
        "egov": definition(world, "EGOV", "imported", unit="percent"),
        "projects": definition(world, "PROJECTS", "manual"),
        "certs": definition(world, "CERTS", "measure", measure="learning.certificates_earned"),
        "ratio": definition(
            world, "RATIO", "measure", unit="ratio", direction="lower", measure="ratings.fair_ratio"
        ),
        "it_share": definition(
            world,
            "IT-SHARE",
            "measure",
            unit="percent",
            measure="people.it_specialty_share",
        ),
        **staff,
    }
