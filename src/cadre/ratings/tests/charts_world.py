"""A world rated for the charts' tests (``rated``): two bodies, three service points, two
service types, two months (imported by ``conftest.py``)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest
from django.utils import timezone

from cadre.people import services as people
from cadre.people.models import Employee
from cadre.ratings.models import Interaction, Rating, ServicePoint, ServiceType
from cadre.ratings.scores import scores_recompute

_seq = iter(range(1, 10**6))


@dataclass
class Rated:
    desk: Any
    p2: ServicePoint
    p3: ServicePoint
    t2: ServiceType
    m1: dt.date  # two months ago
    m2: dt.date  # last month


def _month(back: int) -> dt.date:
    first = timezone.localdate().replace(day=1)
    index = first.year * 12 + first.month - 1 - back
    return dt.date(index // 12, index % 12 + 1, 1)


def _rate(
    desk: Any, employee: Employee, point: ServicePoint, kind: ServiceType, overall: int, day: Any
) -> None:
    n = next(_seq)
    interaction = Interaction.objects.create(
        issuer=desk.user,
        external_id=f"C-{n}",
        organisation=point.organisation,
        service_point=point,
        service_type=kind,
        outcome="granted",
        channel="in_person",
        occurred_at=timezone.now(),
        expires_at=timezone.now() + dt.timedelta(days=1),
        used_at=timezone.now(),
        token_hash=f"c{n:063d}",
    )
    interaction.employees.set([employee])
    rating = Rating.objects.create(
        interaction=interaction,
        organisation=point.organisation,
        service_point=point,
        service_type=kind,
        outcome="granted",
        channel="in_person",
        overall=overall,
        courtesy=overall,
        status="counted",
    )
    when = timezone.make_aware(dt.datetime.combine(day.replace(day=15), dt.time(12)))
    Rating.objects.filter(pk=rating.pk).update(submitted_at=when)


def _employee(desk: Any, pid: str, last: str, where: str) -> Employee:
    return people.employee_create(
        actor=desk.world.users["admin"],
        personal_id=pid,
        last_name=last,
        first_name="T",
        birth_date=dt.date(1990, 1, 1),
        gender="M",
        organisation=desk.world.orgs[where],
    )


@pytest.fixture
def rated(desk: Any) -> Rated:
    """Body A: point P1 (type T1) and P2 (type T2); body B: P3 (type T1).
    Two months ago: P1 5, 4, 1. Last month: P1 2, 5; P2 3, 1, 5, 5; P3 4, 4, 1."""
    world = desk.world
    p2 = ServicePoint.objects.create(
        organisation=world.orgs["body_a"], code="SP-A2", name="Annex A"
    )
    p3 = ServicePoint.objects.create(organisation=world.orgs["body_b"], code="SP-B", name="Desk B")
    t1 = desk.service_type
    t2 = ServiceType.objects.get_or_create(code="licences", defaults={"names": {"en": "Licences"}})[
        0
    ]
    a = _employee(desk, "KZ-C001", "Alpha", "unit_a1")
    b = _employee(desk, "KZ-C002", "Beta", "unit_b1")
    m1, m2 = _month(2), _month(1)
    for overall in (5, 4, 1):
        _rate(desk, a, desk.point, t1, overall, m1)
    for overall in (2, 5):
        _rate(desk, a, desk.point, t1, overall, m2)
    for overall in (3, 1, 5, 5):
        _rate(desk, a, p2, t2, overall, m2)
    for overall in (4, 4, 1):
        _rate(desk, b, p3, t1, overall, m2)
    scores_recompute(until=timezone.now())
    return Rated(desk=desk, p2=p2, p3=p3, t2=t2, m1=m1, m2=m2)
