from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest

from cadre.accounts.choices import Role
from cadre.accounts.services import user_create_with_role
from cadre.core.testing.world import World
from cadre.people import services as people
from cadre.people.models import Employee
from cadre.ratings.models import ServicePoint, ServiceType


@dataclass
class Desk:
    world: World
    point: ServicePoint
    officer: Employee
    other: Employee
    user: Any
    service_type: ServiceType


def _employee(world: World, pid: str, last: str, where: str) -> Employee:
    return people.employee_create(
        actor=world.users["admin"],
        personal_id=pid,
        last_name=last,
        first_name="Test",
        birth_date=dt.date(1990, 1, 1),
        gender="F",
        organisation=world.orgs[where],
    )


@pytest.fixture(autouse=True)
def _no_rate_limit(settings: Any) -> None:
    """The per-network limit lives in the shared cache; tests that check it set their own
    limit and a network of their own."""
    settings.CADRE_RATING_NETWORK_PER_MINUTE = 10**6
    # Scores count every rating up to now, not only those older than the grace period.
    settings.CADRE_RATING_FOLD_GRACE_SECONDS = 0


@pytest.fixture
def desk(world: World, settings: Any) -> Desk:
    settings.CADRE_RATING_MIN_SECONDS = 0
    point = ServicePoint.objects.create(
        organisation=world.orgs["body_a"], code="SP-A", name="Front office A"
    )
    user = user_create_with_role(
        actor=world.users["admin"],
        username="desk_a",
        password="desk-password-2026",
        role=Role.SERVICE_DESK,
        organisation=world.orgs["body_a"],
    )
    return Desk(
        world=world,
        point=point,
        officer=_employee(world, "KZ-9001", "Officer", "unit_a1"),
        other=_employee(world, "KZ-9002", "Colleague", "unit_a1"),
        user=user,
        # get_or_create: a transactional test elsewhere may have flushed the seeded rows.
        service_type=ServiceType.objects.get_or_create(
            code="certificates", defaults={"names": {"en": "Certificates and extracts"}}
        )[0],
    )


def issue(desk: Desk, external_id: str, citizen_id: str = "", **extra: Any) -> str:
    from cadre.ratings.services import interaction_report

    _interaction, token, _created = interaction_report(
        actor=desk.user,
        external_id=external_id,
        service_point=desk.point,
        service_type=desk.service_type,
        employees=extra.pop("employees", [desk.officer]),
        outcome=extra.pop("outcome", "granted"),
        channel=extra.pop("channel", "in_person"),
        citizen_id=citizen_id,
    )
    return token


from cadre.core.tests.test_browser import browser  # noqa: E402, F401  (the chromium fixture)
from cadre.ratings.tests.charts_world import rated  # noqa: E402, F401  (two bodies rated)
