"""Generated CRUD × scope tests for service points, and their rules."""

from __future__ import annotations

import itertools
from typing import Any

from cadre.core.testing import crud
from cadre.core.testing.world import World
from cadre.ratings.models import ServicePoint
from cadre.ratings.services import service_point_create

_seq = itertools.count(1)


def make_point(world: World, where: str) -> ServicePoint:
    n = next(_seq)
    return service_point_create(
        actor=world.users["admin"],
        organisation=world.orgs[f"body_{where}"],
        code=f"SP-{where.upper()}-{n}",
        name=f"Front office {where.upper()}-{n}",
    )


class TestServicePointCrud(
    crud.UIList, crud.UIAdd, crud.UIEdit, crud.UIDelete, crud.APIRead, crud.APIWrite
):
    model = ServicePoint
    url_prefix = "ratings:servicepoint"
    api_basename = "servicepoint"

    def make(self, world: World, where: str) -> ServicePoint:
        return make_point(world, where)

    def export_key(self, obj: ServicePoint) -> str:
        return obj.name

    def form_data(self, world: World, where: str) -> dict[str, Any]:
        n = next(_seq)
        return {
            "organisation": world.orgs[f"body_{where}"].pk,
            "code": f"NEWSP-{n}",
            "name": f"Desk {n}",
            "address": "Abay 1",
        }

    def edit_data(self, world: World, obj: ServicePoint) -> dict[str, Any]:
        return {
            "organisation": obj.organisation_id,
            "code": obj.code,
            "name": f"{obj.name} (moved)",
            "address": obj.address,
        }

    def api_edit_data(self, world: World, obj: ServicePoint) -> dict[str, Any]:
        return {"name": f"{obj.name} (moved)"}

    def changed(self, obj: ServicePoint) -> bool:
        return obj.name.endswith("(moved)")


def test_a_point_with_reported_services_is_kept(desk, as_user) -> None:
    from cadre.ratings.tests.conftest import issue

    issue(desk, "KEEP-1")
    response = as_user("hr_a").post(
        f"/ratings/points/{desk.point.pk}/delete/", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 302
    assert ServicePoint.objects.filter(pk=desk.point.pk).exists()


def test_a_duplicate_code_is_refused_by_the_api(api_as, world: World) -> None:
    point = make_point(world, "a")
    response = api_as("hr_a").post(
        "/api/v1/service-points/",
        {"organisation": world.orgs["body_a"].pk, "code": point.code, "name": "Twin"},
        format="json",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 400
    assert response.json()["errors"] == [
        {
            "field": "code",
            "code": "unique",
            "message": "A service point with this code already exists.",
        }
    ]
