"""The organisation tree: paths kept by the services, moves carry subtrees, scope follows."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cadre.core.errors import ApplicationError
from cadre.core.testing.world import World
from cadre.orgs.models import Organisation
from cadre.orgs.services import organisation_create, organisation_delete, organisation_update


def _paths() -> dict[str, tuple[str, int]]:
    return {o.code: (o.path, o.depth) for o in Organisation.objects.all()}


def test_paths_are_ids_from_the_root(world: World) -> None:
    o = world.orgs
    assert o["country"].path == f"/{o['country'].pk}/"
    assert o["unit_a1"].path == f"/{o['country'].pk}/{o['body_a'].pk}/{o['unit_a1'].pk}/"
    assert _paths()["UNIT_A1"][1] == 2


def test_a_move_carries_the_whole_subtree(world: World) -> None:
    o = world.orgs
    sub = organisation_create(
        actor=o and world.users["admin"], name="Sub", code="SUB", kind="unit", parent=o["unit_a1"]
    )
    organisation_update(actor=world.users["admin"], organisation=o["unit_a1"], parent=o["body_b"])
    paths = _paths()
    b = f"/{o['country'].pk}/{o['body_b'].pk}/"
    assert paths["UNIT_A1"] == (f"{b}{o['unit_a1'].pk}/", 2)
    assert paths["SUB"] == (f"{b}{o['unit_a1'].pk}/{sub.pk}/", 3)
    # The HR officer of body A no longer sees the moved unit; the one of body B does.
    assert not Organisation.objects.restrict(world.users["hr_a"]).filter(code="SUB").exists()
    assert Organisation.objects.restrict(world.users["hr_b"]).filter(code="SUB").exists()


def test_moving_under_a_descendant_is_refused_and_nothing_changes(world: World) -> None:
    before = _paths()
    with pytest.raises(ApplicationError) as info:
        organisation_update(
            actor=world.users["admin"],
            organisation=world.orgs["country"],
            parent=world.orgs["unit_b1"],
        )
    assert info.value.code == "cycle"
    assert _paths() == before


def test_hr_officer_cannot_move_a_unit_out_of_their_body(world: World) -> None:
    with pytest.raises(ApplicationError) as info:
        organisation_update(
            actor=world.users["hr_a"],
            organisation=world.orgs["unit_a1"],
            parent=world.orgs["body_b"],
        )
    assert info.value.errors == {"parent": ["You may not place an organisation under “Body B”."]}


def test_only_a_national_administrator_creates_a_root(world: World) -> None:
    with pytest.raises(ApplicationError):
        organisation_create(actor=world.users["hr_a"], name="Rogue", code="R", kind="country")
    assert not Organisation.objects.filter(code="R").exists()


def test_an_organisation_with_children_or_roles_is_not_deleted(world: World) -> None:
    with pytest.raises(ApplicationError) as info:
        organisation_delete(actor=world.users["admin"], organisation=world.orgs["body_a"])
    assert info.value.code == "has_children"
    with pytest.raises(ApplicationError) as info:
        organisation_delete(actor=world.users["admin"], organisation=world.orgs["unit_a1"])
    assert info.value.code == "in_use"
    assert Organisation.objects.count() == 5


def test_the_within_filter_lists_a_subtree(api_as, world: World) -> None:
    body = api_as("admin").get(f"/api/v1/organisations/?within={world.orgs['body_a'].pk}").json()
    assert [r["code"] for r in body["results"]] == ["BODY_A", "UNIT_A1"]


def test_list_page_query_count_does_not_grow_with_the_page(as_user, world: World) -> None:
    for i in range(120):
        organisation_create(
            actor=world.users["admin"],
            name=f"U{i:03}",
            code=f"U{i:03}",
            kind="unit",
            parent=world.orgs["unit_a1"],
        )
    client = as_user("hr_a")
    counts = []
    for per_page in (25, 100):
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(f"/orgs/?per_page={per_page}")
        assert response.status_code == 200
        assert response.content.decode().count('<tr><td><a href="/orgs/') == per_page
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1]


def test_a_bad_filter_value_is_shown_and_lists_nothing(as_user, world: World) -> None:
    page = as_user("admin").get("/orgs/?kind=planet", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Select a valid choice. planet is not one of the available choices." in page
    assert "0 results" in page


def test_an_unfiltered_list_shows_everything_in_scope(as_user, world: World) -> None:
    page = as_user("hr_a").get("/orgs/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "2 results" in page
