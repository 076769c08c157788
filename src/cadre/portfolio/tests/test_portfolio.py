"""The IT portfolio: entries refused with their reasons, overlaps found and decided, a
decided pair re-opened by a change, the coordinators' scopes, the approval to start, the
check at registration — through the services, the pages and the API."""

from __future__ import annotations

from typing import Any

import pytest

from cadre.core.errors import ApplicationError
from cadre.core.models import AuditEvent
from cadre.core.testing.world import World
from cadre.portfolio import detection, services
from cadre.portfolio.models import Overlap, System
from cadre.portfolio.tests.conftest import register
from cadre.portfolio.tests.test_scoring import CRM_EN, CRM_RU, DOC_KK, DOC_RU

pytestmark = pytest.mark.django_db


def refused(fn: Any, **kwargs: Any) -> ApplicationError:
    with pytest.raises(ApplicationError) as info:
        fn(**kwargs)
    return info.value


def _pair(world: World) -> tuple[System, System]:
    """Russian document flow of body A, Kazakh of body B."""
    ru = register(world, "body_a", name="СЭД", description=DOC_RU, language="ru",
                  capabilities=["document_flow"])  # fmt: skip
    kk = register(world, "body_b", name="ЭҚАЖ", description=DOC_KK, language="kk",
                  capabilities=["document_flow"])  # fmt: skip
    register(world, "body_b", name="CRM", description=CRM_EN, capabilities=["crm", "messaging"])
    return ru, kk


def test_an_entry_is_refused_with_every_reason_and_nothing_is_saved(world: World) -> None:
    before, events = System.objects.count(), AuditEvent.objects.count()
    exc = refused(
        services.system_create,
        actor=world.users["hr_a"],
        kind="system",
        name="Registry",
        description="Keeps things.",
        language="en",
        owner=world.orgs["body_a"],
        capabilities=["registry", "blockchain"],
        cost=0,
        currency="EUR",
    )
    assert exc.errors == {
        "capabilities": [
            "Unknown capability code “blockchain”; use one of: analytics, crm, data_platform, "
            "document_flow, e_learning, finance, gis, hr, identity, messaging, mobile_app, "
            "payments, portal, procurement, registry, video."
        ],
        "cost": ["The cost must be a whole number of minor units above zero."],
        "currency": ["Unknown currency “EUR”; use one of: KZT, RUB, VND, USD."],
    }
    exc = refused(
        services.system_create,
        actor=world.users["hr_a"],
        kind="project",
        name="Portal",
        description="A portal.",
        language="en",
        owner=world.orgs["body_b"],
        capabilities=["portal"],
        stage="development",
        cost=-5,
        currency="KZT",
    )
    assert exc.errors == {
        "owner": ["You may not keep the IT portfolio of “Body B”."],
        "cost": ["The cost must be a whole number of minor units above zero."],
        "stage": [
            "Starting development needs an IT coordinator's approval first: register the "
            "entry as an idea and ask for it."
        ],
    }
    assert (System.objects.count(), AuditEvent.objects.count()) == (before, events)


def test_overlaps_are_found_across_bodies_and_in_other_languages(world: World) -> None:
    ru, kk = _pair(world)
    result = detection.overlaps_detect()
    assert result == {"entries": 3, "found": 1, "new": 1, "updated": 0, "dropped": 0,
                      "reopened": 0}  # fmt: skip
    overlap = Overlap.objects.get()
    assert (overlap.system_a, overlap.system_b) == (ru, kk)
    assert overlap.capability_similarity == 1.0
    assert overlap.shared_capabilities == ["document_flow"]
    assert "documentolog" in overlap.shared_terms
    assert overlap.state == "open"
    # Run again: the same pair, re-scored, nothing new.
    assert detection.overlaps_detect()["updated"] == 1
    assert Overlap.objects.count() == 1


def test_a_decision_holds_until_an_entry_changes_then_the_pair_reopens(
    coordinated: World,
) -> None:
    world = coordinated
    _ru, kk = _pair(world)
    detection.overlaps_detect()
    overlap = Overlap.objects.get()
    coordinator = world.users["coordinator"]
    exc = refused(services.overlap_decide, actor=coordinator, overlap=overlap,
                  decision="ignore", reason="Later.")  # fmt: skip
    assert exc.errors == {
        "decision": ["Unknown decision “ignore”; use one of: reuse, merge, justified, not_overlap."]
    }
    services.overlap_decide(
        actor=coordinator, overlap=overlap, decision="merge", reason="One SED for both."
    )
    overlap.refresh_from_db()
    assert (overlap.state, overlap.decision, overlap.decided_by) == (
        "decided",
        "merge",
        coordinator,
    )
    event = AuditEvent.objects.filter(action="decide").get()
    assert (event.reason, event.changes["decision"]) == ("One SED for both.", [None, "merge"])
    exc = refused(services.overlap_decide, actor=coordinator, overlap=overlap,
                  decision="reuse", reason="Again.")  # fmt: skip
    assert exc.code == "protected"
    assert exc.errors == {
        "decision": ["This pair is already decided and neither entry has changed since."]
    }
    # The detection runs again: the decided pair is not raised again.
    detection.overlaps_detect()
    assert Overlap.objects.get().state == "decided"
    # A change of the cost is not a change of what the entry does: still decided.
    services.system_update(actor=world.users["hr_b"], instance=kk, cost=100, currency="KZT")
    assert Overlap.objects.get().state == "decided"
    # A change of its description re-opens the pair; it may be decided again.
    services.system_update(
        actor=world.users["hr_b"], instance=kk, description=DOC_KK + " Мобильді нұсқасы бар."
    )
    overlap.refresh_from_db()
    assert overlap.state == "reopened"
    services.overlap_decide(
        actor=coordinator, overlap=overlap, decision="justified", reason="Mobile version."
    )
    assert Overlap.objects.get().decision == "justified"


def test_a_regional_coordinator_decides_only_pairs_within_their_region(
    coordinated: World,
) -> None:
    world = coordinated
    for where in ("body_a", "body_b", "unit_a1"):
        register(world, where, name=f"СЭД {where}", description=DOC_RU, language="ru",
                 capabilities=["document_flow"])  # fmt: skip
    unit = System.objects.get(owner=world.orgs["unit_a1"])
    detection.overlaps_detect()
    cross = Overlap.objects.get(
        system_a__owner=world.orgs["body_a"], system_b__owner__code="BODY_B"
    )
    inside = Overlap.objects.get(system_b=unit, system_a__owner=world.orgs["body_a"])
    regional = world.users["coordinator_a"]
    exc = refused(services.overlap_decide, actor=regional, overlap=cross, decision="merge",
                  reason="Merge.")  # fmt: skip
    assert (exc.code, exc.errors) == (
        "scope",
        {
            "overlap": [
                "A regional coordinator decides only pairs whose two entries are both within "
                "their region; ask a national coordinator."
            ]
        },
    )
    assert Overlap.objects.get(pk=cross.pk).state == "open"
    services.overlap_decide(actor=regional, overlap=inside, decision="reuse", reason="Reuse A's.")
    assert Overlap.objects.get(pk=inside.pk).state == "decided"
    # They see the cross pair (one side is theirs), not pairs wholly outside their region.
    seen = set(Overlap.objects.restrict(regional).values_list("pk", flat=True))
    assert {cross.pk, inside.pk} <= seen


def test_starting_development_needs_the_coordinators_approval(coordinated: World) -> None:
    world = coordinated
    idea = register(world, "body_a", kind="project", stage="idea", name="Portal",
                    capabilities=["portal"])  # fmt: skip
    exc = refused(services.system_update, actor=world.users["hr_a"], instance=idea,
                  stage="development")  # fmt: skip
    assert exc.errors["stage"][0].startswith("Starting development needs")
    exc = refused(services.system_approve_start, actor=world.users["hr_a"], system=idea,
                  reason="Fine.")  # fmt: skip
    assert exc.errors == {"system": ["Only an IT coordinator over “Body A” may approve the start."]}
    services.system_approve_start(actor=world.users["coordinator"], system=idea, reason="Fine.")
    services.system_update(actor=world.users["hr_a"], instance=idea, stage="development")
    assert System.objects.get(pk=idea.pk).stage == "development"


def test_the_policy_flag_turns_the_approval_off(world: World, settings: Any) -> None:
    settings.CADRE_PORTFOLIO_START_APPROVAL = False
    idea = register(world, "body_a", kind="project", stage="idea", name="Portal",
                    capabilities=["portal"])  # fmt: skip
    services.system_update(actor=world.users["hr_a"], instance=idea, stage="development")
    assert System.objects.get(pk=idea.pk).stage == "development"


def test_the_registration_page_shows_likely_duplicates_before_confirming(
    world: World, as_user: Any
) -> None:
    _pair(world)
    client = as_user("hr_a")
    data = {
        "kind": "system",
        "name": "Документооборот",
        "owner": world.orgs["unit_a1"].pk,
        "description": DOC_RU,
        "language": "ru",
        "capabilities": ["document_flow"],
        "stage": "operation",
        "reason": "Новая СЭД",
    }
    before = System.objects.count()
    response = client.post("/portfolio/add/", data, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    body = response.content.decode()
    assert "Likely duplicates in other bodies" in body
    assert "<td>СЭД</td><td>Body A</td>" in body
    assert "shared capabilities: Document flow; descriptions 9" in body
    assert System.objects.count() == before
    assert 'name="confirm" value="True"' in body
    response = client.post("/portfolio/add/", {**data, "confirm": "True"})
    assert response.status_code == 302
    assert System.objects.count() == before + 1


def test_the_api_checks_creates_and_decides(coordinated: World, api_as: Any) -> None:
    world = coordinated
    ru, kk = _pair(world)
    client = api_as("hr_a")
    check = {
        "name": "CRM",
        "description": CRM_RU,
        "owner": world.orgs["body_a"].pk,
        "capabilities": ["crm", "messaging"],
    }
    en = {"HTTP_ACCEPT_LANGUAGE": "en"}
    response = client.post("/api/v1/portfolio-systems/check/", check, format="json", **en)
    assert response.status_code == 200, response.json()
    [likely] = response.json()
    assert (likely["name"], likely["owner_name"]) == ("CRM", "Body B")
    assert likely["shared_capabilities"] == ["crm", "messaging"]
    assert likely["reason"].startswith("shared capabilities: Citizen requests (CRM), Messaging")
    response = client.post(
        "/api/v1/portfolio-systems/check/",
        {**check, "capabilities": ["crm", "ai"]},
        format="json",
        **en,
    )
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "capabilities"
    assert "Unknown capability code “ai”" in response.json()["errors"][0]["message"]
    response = client.post(
        "/api/v1/portfolio-systems/",
        {**check, "kind": "system", "language": "ru", "stage": "operation", "cost": 0,
         "currency": "KZT"},
        format="json",
        **en,
    )  # fmt: skip
    assert response.status_code == 400
    assert response.json()["errors"] == [
        {
            "field": "cost",
            "code": "invalid",
            "message": "The cost must be a whole number of minor units above zero.",
        }
    ]
    detection.overlaps_detect()
    overlap = Overlap.objects.get(system_a=ru, system_b=kk)
    coordinator = api_as("coordinator")
    url = f"/api/v1/portfolio-overlaps/{overlap.pk}/decide/"
    response = coordinator.post(url, {"decision": "merge", "reason": "One SED."}, format="json")
    assert response.status_code == 200, response.json()
    assert response.json()["decision"] == "merge"
    response = coordinator.post(url, {"decision": "reuse", "reason": "Again."}, format="json")
    assert response.status_code == 409
    assert (
        api_as("hr_a").post(url, {"decision": "reuse", "reason": "x"}, format="json").status_code
        == 403
    )


def test_pages_list_filters_detail_and_the_decide_form(coordinated: World, as_user: Any) -> None:
    world = coordinated
    ru, kk = _pair(world)
    detection.overlaps_detect()
    overlap = Overlap.objects.get()
    client = as_user("coordinator")
    response = client.get("/portfolio/?capability=document_flow", HTTP_ACCEPT_LANGUAGE="en")
    body = response.content.decode()
    assert response.status_code == 200
    assert ru.get_absolute_url() in body and kk.get_absolute_url() in body
    assert "/portfolio/3/" not in body or "CRM" not in body
    body = client.get(ru.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Overlaps with other bodies" in body and "ЭҚАЖ" in body
    body = client.get("/portfolio/overlaps/?waiting=true").content.decode()
    assert overlap.get_absolute_url() in body
    body = client.get(overlap.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Record the decision" in body
    response = client.post(
        f"/portfolio/overlaps/{overlap.pk}/decide/", {"decision": "merge", "reason": "One."}
    )
    assert response.status_code == 302
    assert Overlap.objects.get().state == "decided"
    body = client.get("/portfolio/overlaps/?waiting=true").content.decode()
    assert overlap.get_absolute_url() not in body
