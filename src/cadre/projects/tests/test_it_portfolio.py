"""An IT project and the IT portfolio: checked for overlaps with other bodies' entries when
it is registered (the page shows the likely duplicates before the owner confirms; the API
answers them at ``POST /projects/check/``), linked to a new entry registered from it or to
an existing entry of its body — at registration or later; bad entries refused naming the
field, nothing saved."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse

from cadre.core.errors import ApplicationError
from cadre.core.models import AuditEvent
from cadre.core.testing.world import World
from cadre.portfolio import detection
from cadre.portfolio.models import System
from cadre.portfolio.tests.conftest import register
from cadre.projects import services
from cadre.projects.models import Project
from cadre.projects.tests.conftest import START, project

GOAL = (
    "Electronic licensing portal: companies apply for licences online, the registry of "
    "licences is kept in PostgreSQL and every licence is issued through eGov."
)


@pytest.fixture
def elsewhere(world: World) -> System:
    """Body B's entry doing the same thing as the project of body A below."""
    detection.forget_index()
    return register(
        world,
        "body_b",
        kind="project",
        name="E-licensing",
        description=(
            "Electronic licensing portal where companies apply for licences online; the "
            "licences registry runs on PostgreSQL and licences are issued through eGov."
        ),
        capabilities=["registry", "portal"],
        stage="idea",
    )


def _form(world: World, people: dict[str, Any], **kw: Any) -> dict[str, Any]:
    data = {
        "name": "E-licensing 2.0",
        "goal": GOAL,
        "organisation": world.orgs["body_a"].pk,
        "owner": people["aliya"].pk,
        "start": "2026-01-01",
        "planned_end": "2026-12-31",
        "budget": "150000000",
        "currency": "KZT",
    }
    data.update(kw)
    return data


def test_the_page_shows_likely_duplicates_before_registering_an_it_project(
    world: World, people: dict[str, Any], elsewhere: System, as_user: Any
) -> None:
    client = as_user("hr_a")
    data = _form(world, people, capabilities=["registry", "portal"])
    systems = System.objects.count()
    response = client.post(reverse("projects:project_add"), data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Likely duplicates in other bodies" in page
    assert "<td>E-licensing</td><td>Body B</td>" in page
    assert "shared capabilities: " in page
    assert 'name="confirm" value="True"' in page
    assert not Project.objects.exists()
    assert System.objects.count() == systems
    response = client.post(reverse("projects:project_add"), {**data, "confirm": "True"})
    assert response.status_code == 302
    created = Project.objects.get()
    entry = created.it_system
    assert entry is not None
    assert (entry.kind, entry.name, entry.owner, entry.stage) == (
        "project",
        "E-licensing 2.0",
        world.orgs["body_a"],
        "idea",
    )
    assert (entry.description, entry.cost, entry.currency) == (GOAL, 150_000_000, "KZT")
    assert sorted(c.code for c in entry.capabilities.all()) == ["portal", "registry"]
    assert System.objects.count() == systems + 1
    event = AuditEvent.objects.get(
        object_type="projects.project", object_id=str(created.pk), action="create"
    )
    assert event.changes["it_system"] == [None, entry.pk]
    # the project page names its entry and offers no second link
    detail = client.get(created.get_absolute_url()).content.decode()
    assert "IT portfolio entry" in detail
    assert "Link to the IT portfolio" not in detail


def test_a_project_that_is_not_an_it_project_is_registered_in_one_step(
    world: World, people: dict[str, Any], elsewhere: System, as_user: Any
) -> None:
    response = as_user("hr_a").post(reverse("projects:project_add"), _form(world, people))
    assert response.status_code == 302
    assert Project.objects.get().it_system is None


def test_the_page_refuses_an_unknown_capability_and_a_foreign_entry(
    world: World, people: dict[str, Any], elsewhere: System, as_user: Any
) -> None:
    client = as_user("hr_a")
    response = client.post(
        reverse("projects:project_add"), _form(world, people, capabilities=["ai"])
    )
    assert response.status_code == 400
    assert "Select a valid choice. ai is not one of the available choices." in (
        response.content.decode()
    )
    response = client.post(
        reverse("projects:project_add"), _form(world, people, it_system=elsewhere.pk)
    )
    assert response.status_code == 400
    assert "Select a valid choice." in response.content.decode()
    assert not Project.objects.exists()


def test_the_api_checks_then_registers_an_it_project_with_its_entry(
    world: World, people: dict[str, Any], elsewhere: System, api_as: Any
) -> None:
    api = api_as("hr_a")
    check = {
        "organisation": world.orgs["body_a"].pk,
        "name": "E-licensing 2.0",
        "goal": GOAL,
        "capabilities": ["registry", "portal"],
    }
    response = api.post("/api/v1/projects/check/", check, format="json")
    assert response.status_code == 200, response.json()
    [likely] = response.json()
    assert (likely["system"], likely["name"], likely["owner_name"]) == (
        elsewhere.pk,
        "E-licensing",
        "Body B",
    )
    assert likely["shared_capabilities"] == ["portal", "registry"]
    assert likely["reason"].startswith("shared capabilities: ")
    response = api.post(
        "/api/v1/projects/check/", {**check, "capabilities": ["registry", "ai"]}, format="json"
    )
    assert response.status_code == 400
    [error] = response.json()["errors"]
    assert error["field"] == "capabilities"
    assert "Unknown capability code “ai”" in error["message"]

    data = {**_form(world, people), "budget": 150_000_000, "capabilities": ["registry", "portal"]}
    response = api.post("/api/v1/projects/", data, format="json")
    assert response.status_code == 201, response.json()
    created = Project.objects.get(pk=response.json()["id"])
    assert response.json()["it_system"] == created.it_system_id
    assert created.it_system is not None
    assert created.it_system.owner == world.orgs["body_a"]
    assert System.objects.filter(owner=world.orgs["body_a"]).count() == 1


def test_the_api_refuses_a_foreign_or_unknown_entry_naming_the_field(
    world: World, people: dict[str, Any], elsewhere: System, api_as: Any
) -> None:
    api = api_as("hr_a")
    base = {**_form(world, people), "budget": 150_000_000}
    for wrong in (elsewhere.pk, 999_999):
        response = api.post("/api/v1/projects/", {**base, "it_system": wrong}, format="json")
        assert response.status_code == 400
        assert [e["field"] for e in response.json()["errors"]] == ["it_system"]
    # both an entry and the capabilities of a new one
    own = register(world, "body_a", kind="project", name="Licensing", stage="idea")
    response = api.post(
        "/api/v1/projects/",
        {**base, "it_system": own.pk, "capabilities": ["registry"]},
        format="json",
    )
    assert response.status_code == 400
    [error] = response.json()["errors"]
    assert error == {
        "field": "it_system",
        "message": "Link an existing IT portfolio entry or choose the capabilities of a new "
        "one, not both.",
        "code": error["code"],
    }
    assert not Project.objects.exists()
    assert not System.objects.filter(name="E-licensing 2.0").exists()


def test_an_entry_of_another_body_is_refused_even_to_a_national_administrator(
    world: World, people: dict[str, Any], elsewhere: System
) -> None:
    with pytest.raises(ApplicationError) as refused:
        services.project_create(
            actor=world.users["admin"],
            name="E-licensing 2.0",
            goal=GOAL,
            organisation=world.orgs["body_a"],
            owner=people["aliya"],
            start=START,
            planned_end=dt.date(2026, 12, 31),
            budget=100,
            currency="KZT",
            it_system=elsewhere,
        )
    assert refused.value.errors == {
        "it_system": ["The entry “E-licensing” belongs to “Body B”, not to “Body A” or under it."]
    }
    assert not Project.objects.exists()


def test_a_registered_project_is_linked_later_through_the_page_and_the_api(
    world: World, people: dict[str, Any], elsewhere: System, as_user: Any, api_as: Any
) -> None:
    first = project(world, people)
    own = register(world, "unit_a1", kind="system", name="Licence registry", stage="operation")
    url = reverse("projects:project_it_system", args=[first.pk])
    response = as_user("hr_a").post(url, {"it_system": own.pk, "reason": "its registry"})
    assert response.status_code == 302
    first.refresh_from_db()
    assert first.it_system == own
    event = AuditEvent.objects.filter(
        object_type="projects.project", object_id=str(first.pk), action="update"
    ).latest("pk")
    assert event.changes == {"it_system": [None, own.pk]}

    api = api_as("hr_a")
    response = api.post(
        f"/api/v1/projects/{first.pk}/link-system/", {"capabilities": ["registry"]}, format="json"
    )
    assert response.status_code == 400
    [error] = response.json()["errors"]
    assert error["field"] == "it_system"
    assert error["message"] == (
        "The project is linked to the IT portfolio entry “Licence registry” already."
    )

    second = project(world, people, name="Open licences")
    link = f"/api/v1/projects/{second.pk}/link-system/"
    response = api.post(link, {"it_system": own.pk}, format="json")
    assert response.status_code == 400
    assert response.json()["errors"][0]["message"] == (
        "The entry “Licence registry” is linked to another project already."
    )
    response = api.post(link, {"it_system": 999_999}, format="json")
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "it_system"
    response = api.post(link, {}, format="json")
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "it_system"
    response = api.post(link, {"capabilities": ["portal"]}, format="json")
    assert response.status_code == 200, response.json()
    second.refresh_from_db()
    assert response.json()["it_system"] == second.it_system_id
    assert second.it_system is not None
    assert (second.it_system.name, second.it_system.kind) == ("Open licences", "project")
