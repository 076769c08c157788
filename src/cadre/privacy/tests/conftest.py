"""The privacy tests' world: Aliya (``employee_a1``'s own record) in unit A1 with an
education and a certificate, Erlan in unit B1, made through the services."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from cadre.core.testing.world import World
from cadre.people.models import Specialty
from cadre.people.services import (
    certification_add,
    education_add,
    employee_create,
    employee_link_user,
)


def person(world: World, personal_id: str, name: str, unit: str) -> Any:
    return employee_create(
        actor=world.users["admin"],
        personal_id=personal_id,
        last_name=name,
        first_name="Test",
        birth_date=dt.date(1990, 1, 1),
        gender="F",
        email=f"{personal_id.lower()}@example.org",
        organisation=world.orgs[unit],
    )


@pytest.fixture
def people(world: World) -> dict[str, Any]:
    admin = world.users["admin"]
    aliya = person(world, "A0001", "Aliya", "unit_a1")
    employee_link_user(actor=admin, employee=aliya, user=world.users["employee_a1"])
    specialty, _ = Specialty.objects.get_or_create(
        code="09.03.01", defaults={"name": "Informatics", "is_it": True}
    )
    education_add(
        actor=admin, employee=aliya, level=3, specialty=specialty, institution="KazNU", year=2012
    )
    certification_add(actor=admin, employee=aliya, name="PRINCE2", issued_on=dt.date(2020, 5, 1))
    erlan = person(world, "B0001", "Erlan", "unit_b1")
    return {"aliya": aliya, "erlan": erlan}


@pytest.fixture
def as_user(world: World) -> Any:
    """The world's ``as_user``, its pages asked for in English (the site's default is
    Russian) so that tests read the texts a user sees."""
    from django.test import Client

    def make(username: str) -> Client:
        client = Client(HTTP_ACCEPT_LANGUAGE="en")
        client.force_login(world.users[username])
        return client

    return make


@pytest.fixture
def api_as(world: World) -> Any:
    from rest_framework.test import APIClient

    from cadre.accounts.services import api_token_create

    def make(username: str) -> APIClient:
        _token, key = api_token_create(actor=world.users[username], name="test")
        client = APIClient(HTTP_ACCEPT_LANGUAGE="en")
        client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
        return client

    return make
