"""Analytics' test world, on top of the common one: two regions of the country.

    region North ── body N1 ── IT unit N1 (3 IT staff: 2 with an IT specialty)
    region South ── body S1 ── IT unit S1 (1 IT staff, no IT specialty)
                 └─ body S2 (1 employee, not IT)

``hr_n`` is the HR officer of body N1 (sees only it)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from cadre.accounts import services as account_services
from cadre.core.choices import AuditSource, Role
from cadre.core.testing.world import PASSWORD, World
from cadre.orgs import services as org_services
from cadre.orgs.choices import OrgKind
from cadre.people import services as people
from cadre.people.choices import EducationLevel
from cadre.people.models import Specialty
from cadre.people.selectors import figures_refresh

START = dt.date(2025, 1, 1)


@pytest.fixture
def regions(world: World) -> World:
    admin = world.users["admin"]

    def org(key: str, kind: str, parent: str, **kw: Any) -> None:
        world.orgs[key] = org_services.organisation_create(
            actor=admin,
            name=key.replace("_", " ").title(),
            code=key.upper(),
            kind=kind,
            parent=world.orgs[parent],
            source=AuditSource.SYSTEM,
            **kw,
        )

    org("north", OrgKind.REGION, "country")
    org("south", OrgKind.REGION, "country")
    org("body_n1", OrgKind.LOCAL_BODY, "north")
    org("it_n1", OrgKind.UNIT, "body_n1", is_it_unit=True)
    org("body_s1", OrgKind.LOCAL_BODY, "south")
    org("it_s1", OrgKind.UNIT, "body_s1", is_it_unit=True)
    org("body_s2", OrgKind.LOCAL_BODY, "south")
    it = Specialty.objects.get(code="09.03.01")
    serial = iter(range(1, 100))

    def person(where: str, specialty: Any = None) -> None:
        n = next(serial)
        post = org_services.post_create(
            actor=admin,
            organisation=world.orgs[where],
            code=f"P{n}",
            title=f"Post {n}",
            salary_min=Decimal(1),
            salary_max=Decimal(2),
            currency="KZT",
            positions=1,
        )
        e = people.employee_create(
            actor=admin,
            personal_id=f"T{n:05}",
            last_name=f"Person{n}",
            first_name="Test",
            birth_date=dt.date(1990, 1, 1),
            gender="F",
            organisation=world.orgs[where],
        )
        people.assignment_create(actor=admin, employee=e, post=post, kind="main", start_date=START)
        if specialty is not None:
            people.education_add(
                actor=admin,
                employee=e,
                level=EducationLevel.BACHELOR,
                specialty=specialty,
                institution="",
                year=2012,
            )

    person("it_n1", it)
    person("it_n1", it)
    person("it_n1")
    person("it_s1")
    person("body_s2")
    figures_refresh()
    u = account_services.user_create(actor=admin, username="hr_n", password=PASSWORD)
    account_services.role_assignment_create(
        actor=admin, user=u, role=Role.HR_OFFICER, organisation=world.orgs["body_n1"]
    )
    world.users["hr_n"] = u
    return world


@pytest.fixture
def as_user(as_user: Any) -> Any:
    def make(username: str) -> Any:
        client = as_user(username)
        client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
        return client

    return make
