"""The start approval policy per body: an IT coordinator over a body or a national
administrator says whether starting an IT project there needs approval; bodies without a
rule follow the nearest body above with one, else the national setting; audited."""

from __future__ import annotations

from typing import Any

import pytest

from cadre.core.errors import ApplicationError
from cadre.core.models import AuditEvent
from cadre.core.testing.world import World
from cadre.portfolio import selectors, services
from cadre.portfolio.models import StartPolicy, System
from cadre.portfolio.tests.conftest import register


def _idea(world: World, where: str, name: str) -> System:
    return register(world, where, kind="project", stage="idea", name=name,
                    capabilities=["portal"])  # fmt: skip


def test_a_body_without_approval_starts_its_projects_freely(
    coordinated: World, settings: Any
) -> None:
    world = coordinated
    settings.CADRE_PORTFOLIO_START_APPROVAL = True
    services.start_policy_set(
        actor=world.users["coordinator_a"],
        organisation=world.orgs["body_a"],
        approval_required=False,
        reason="Small projects of body A",
    )
    # the unit under body A follows body A; body B keeps the national rule
    assert selectors.start_approval_required(world.orgs["unit_a1"]) is False
    assert selectors.start_approval_required(world.orgs["body_b"]) is True
    idea = _idea(world, "unit_a1", "Portal A1")
    services.system_update(actor=world.users["hr_a"], instance=idea, stage="development")
    assert System.objects.get(pk=idea.pk).stage == "development"
    other = _idea(world, "body_b", "Portal B")
    with pytest.raises(ApplicationError) as refused:
        services.system_update(actor=world.users["hr_b"], instance=other, stage="development")
    assert list(refused.value.errors) == ["stage"]
    # the unit's own rule wins over its body's
    services.start_policy_set(
        actor=world.users["admin"],
        organisation=world.orgs["unit_a1"],
        approval_required=True,
        reason="A1 spends much",
    )
    assert selectors.start_approval_required(world.orgs["unit_a1"]) is True
    assert selectors.start_approval_required(world.orgs["body_a"]) is False
    event = AuditEvent.objects.filter(object_type="portfolio.startpolicy").latest("pk")
    assert (event.action, event.reason, event.changes["approval_required"]) == (
        "create",
        "A1 spends much",
        [None, True],
    )
    # removing the unit's rule: it follows body A again
    services.start_policy_set(
        actor=world.users["admin"],
        organisation=world.orgs["unit_a1"],
        approval_required=None,
        reason="as body A",
    )
    assert selectors.start_approval_required(world.orgs["unit_a1"]) is False
    assert StartPolicy.objects.count() == 1


def test_the_national_setting_stays_the_default(coordinated: World, settings: Any) -> None:
    settings.CADRE_PORTFOLIO_START_APPROVAL = False
    assert selectors.start_approval_required(coordinated.orgs["unit_b1"]) is False
    services.start_policy_set(
        actor=coordinated.users["coordinator"],
        organisation=coordinated.orgs["body_b"],
        approval_required=True,
        reason="B needs it",
    )
    assert selectors.start_approval_required(coordinated.orgs["unit_b1"]) is True
    assert selectors.start_approval_required(coordinated.orgs["body_a"]) is False


def test_who_may_set_a_policy_and_bad_input(coordinated: World) -> None:
    world = coordinated
    with pytest.raises(ApplicationError) as refused:
        services.start_policy_set(
            actor=world.users["coordinator_a"],
            organisation=world.orgs["body_b"],
            approval_required=False,
            reason="not mine",
        )
    assert list(refused.value.errors) == ["organisation"]
    with pytest.raises(ApplicationError) as refused:
        services.start_policy_set(
            actor=world.users["hr_a"],
            organisation=world.orgs["body_a"],
            approval_required=False,
            reason="HR is not a coordinator",
        )
    assert list(refused.value.errors) == ["organisation"]
    with pytest.raises(ApplicationError) as refused:
        services.start_policy_set(
            actor=world.users["coordinator_a"],
            organisation=world.orgs["body_a"],
            approval_required=False,
            reason=" ",
        )
    assert list(refused.value.errors) == ["reason"]
    assert not StartPolicy.objects.exists()
    assert not AuditEvent.objects.filter(object_type="portfolio.startpolicy").exists()


def test_the_page_and_the_api(coordinated: World, as_user: Any, api_as: Any) -> None:
    world = coordinated
    en = {"HTTP_ACCEPT_LANGUAGE": "en"}
    client = as_user("coordinator_a")
    page = client.get("/portfolio/start-policy/", **en)
    assert page.status_code == 200
    assert "National setting: starting an IT project (idea → development) needs" in (
        page.content.decode()
    )
    response = client.post(
        "/portfolio/start-policy/",
        {"organisation": world.orgs["body_a"].pk, "policy": "free", "reason": "small"},
        **en,
    )
    assert response.status_code == 302
    assert StartPolicy.objects.get().approval_required is False
    response = client.post(
        "/portfolio/start-policy/",
        {"organisation": world.orgs["body_b"].pk, "policy": "free", "reason": "small"},
        **en,
    )
    assert response.status_code == 400  # body B is not offered to body A's coordinator
    assert "Select a valid choice." in response.content.decode()
    assert as_user("hr_a").get("/portfolio/start-policy/").status_code == 403

    api = api_as("coordinator")
    url = "/api/v1/portfolio-systems/start-policy/"
    response = api.post(
        url,
        {"organisation": world.orgs["body_b"].pk, "approval_required": True, "reason": "B"},
        format="json",
        **en,
    )
    assert response.status_code == 200, response.json()
    assert response.json()["national"] is True
    assert [
        (b["organisation_name"], b["approval_required"]) for b in response.json()["bodies"]
    ] == [
        ("Body A", False),
        ("Body B", True),
    ]
    response = api_as("coordinator_a").post(
        url,
        {"organisation": world.orgs["body_b"].pk, "approval_required": None, "reason": "x"},
        format="json",
        **en,
    )
    assert response.status_code in (400, 403)
    assert response.json()["errors"][0]["field"] == "organisation"
    assert StartPolicy.objects.count() == 2
