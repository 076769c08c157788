"""Validation answers come from services, not from DRF's model validators (issue 16, item
10): a duplicate is refused by the service, with the field it names and its message — not
by a ``UniqueConstraint`` validator with ``"field": null`` or DRF's generic wording."""

from __future__ import annotations

from typing import Any

from cadre.accounts.choices import Role
from cadre.accounts.models import RoleAssignment
from cadre.competencies.models import PositionProfile
from cadre.ratings.models import ServicePoint


def _error(response: Any) -> list[dict[str, Any]]:
    assert response.status_code == 400, response.content
    return response.json()["errors"]


def test_a_role_held_already_is_refused_by_the_service_naming_the_role(
    api_as: Any, world: Any
) -> None:
    body = {
        "user": world.users["manager_a1"].pk,
        "role": Role.MANAGER,
        "organisation": world.orgs["unit_a1"].pk,
    }
    before = RoleAssignment.objects.count()
    response = api_as("hr_a").post(
        "/api/v1/role-assignments/", body, format="json", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert _error(response) == [
        {"field": "role", "code": "unique", "message": "This user already holds this role here."}
    ]
    assert RoleAssignment.objects.count() == before


def test_a_code_taken_already_is_refused_by_the_service_naming_the_code(
    api_as: Any, world: Any
) -> None:
    client = api_as("admin")
    point = {"organisation": world.orgs["body_a"].pk, "code": "SP-1", "name": "Front office"}
    assert client.post("/api/v1/service-points/", point, format="json").status_code == 201
    again = client.post("/api/v1/service-points/", point, format="json", HTTP_ACCEPT_LANGUAGE="en")
    assert _error(again) == [
        {
            "field": "code",
            "code": "unique",
            "message": "A service point with this code already exists.",
        }
    ]
    assert ServicePoint.objects.filter(code="SP-1").count() == 1
    standards = [
        client.post(
            "/api/v1/position-standards/",
            {"organisation": world.orgs["country"].pk, "code": code, "title": "Analyst"},
            format="json",
        )
        for code in ("STD-1", "STD-2")
    ]
    assert [s.status_code for s in standards] == [201, 201]
    renamed = client.patch(
        f"/api/v1/position-standards/{standards[1].json()['id']}/",
        {"code": "STD-1"},
        format="json",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert _error(renamed) == [
        {
            "field": "code",
            "code": "unique",
            "message": "A position standard with this code already exists.",
        }
    ]
    assert PositionProfile.objects.filter(code="STD-2").exists()
