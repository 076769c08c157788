"""The talent reserve's test world: Aliya and Bolat on the books of body A (unit A1),
Erlan in body B, an external candidate ``cand`` (Serik Dana) with her own account; a post
"Analyst" (group C-4, two positions, one held by Bolat) under a position standard needing
A.1 ≥ 3 and S.1 ≥ 2."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from cadre.accounts import services as account_services
from cadre.core.choices import Role
from cadre.core.testing.world import PASSWORD, World
from cadre.orgs import services as org_services
from cadre.people.services import assignment_create, employee_create, employee_link_user

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


def post(world: World, code: str, *, positions: int = 1, category: str = "C-4") -> Any:
    return org_services.post_create(
        actor=world.users["admin"],
        organisation=world.orgs["unit_a1"],
        code=code,
        title=f"Analyst {code}",
        category=category,
        salary_min=Decimal(100),
        salary_max=Decimal(200),
        currency="KZT",
        positions=positions,
    )


@pytest.fixture
def people(world: World) -> dict[str, Any]:
    aliya = person(world, "A0001", "Aliya", "unit_a1")
    employee_link_user(actor=world.users["admin"], employee=aliya, user=world.users["employee_a1"])
    bolat = person(world, "A0002", "Bolat", "unit_a1")
    erlan = person(world, "B0001", "Erlan", "unit_b1")
    cand = account_services.user_create(
        actor=world.users["admin"],
        username="cand",
        password=PASSWORD,
        first_name="Dana",
        last_name="Serik",
        email="dana@example.org",
    )
    account_services.role_assignment_create(
        actor=world.users["admin"], user=cand, role=Role.EXTERNAL_CANDIDATE, organisation=None
    )
    world.users["cand"] = cand
    return {"aliya": aliya, "bolat": bolat, "erlan": erlan, "cand": cand}


@pytest.fixture
def analyst(world: World, people: dict[str, Any]) -> Any:
    """The post "Analyst AN-1" of unit A1: two positions, Bolat holds one."""
    from cadre.competencies.tests.factories import published_framework, standard

    the_post = post(world, "AN-1", positions=2)
    published_framework(world.users["admin"])
    standard(
        world.users["admin"],
        world.orgs["country"],
        [
            {"competency": "T:A.1", "level": 3, "weight": 2},
            {"competency": "T:S.1", "level": 2, "weight": 1},
        ],
        posts=[the_post],
    )
    assignment_create(
        actor=world.users["admin"], employee=people["bolat"], post=the_post, start_date=START
    )
    return the_post


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


@pytest.fixture(autouse=True)
def _fresh_matrix() -> Any:
    """Each test reads the reserve afresh (the matrix is kept per process)."""
    from cadre.talent.selectors import forget_matrix

    forget_matrix()
    yield
    forget_matrix()
