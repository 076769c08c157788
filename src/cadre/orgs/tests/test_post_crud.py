"""Generated CRUD × scope tests for the staffing table, and its rules."""

from __future__ import annotations

import itertools
from decimal import Decimal
from typing import Any

import pytest

from cadre.core.errors import ApplicationError
from cadre.core.testing import crud
from cadre.core.testing.world import World
from cadre.orgs.models import Post
from cadre.orgs.services import post_create

_seq = itertools.count(1)


def make_post(world: World, where: str, **kw: Any) -> Post:
    n = next(_seq)
    fields: dict[str, Any] = {
        "organisation": world.orgs[f"unit_{where}1"],
        "code": f"P-{where.upper()}-{n}",
        "title": f"Analyst {where.upper()}-{n}",
        "salary_min": Decimal("120000"),
        "salary_max": Decimal("180000"),
        "currency": "KZT",
        "positions": 2,
        **kw,
    }
    return post_create(actor=world.users["admin"], **fields)


class TestPostCrud(
    crud.UIList, crud.UIAdd, crud.UIEdit, crud.UIDelete, crud.APIRead, crud.APIWrite
):
    model = Post
    url_prefix = "orgs:post"
    api_basename = "post"

    def make(self, world: World, where: str) -> Post:
        return make_post(world, where)

    def export_key(self, obj: Post) -> str:
        return obj.code  # the export is the import's file: the code first

    def form_data(self, world: World, where: str) -> dict[str, Any]:
        n = next(_seq)
        return {
            "organisation": world.orgs[f"unit_{where}1"].pk,
            "code": f"NEWP-{n}",
            "title": f"Engineer {n}",
            "category": "C-4",
            "salary_min": "100000",
            "salary_max": "150000",
            "currency": "KZT",
            "positions": 3,
        }

    def edit_data(self, world: World, obj: Post) -> dict[str, Any]:
        return {
            "organisation": obj.organisation_id,
            "code": obj.code,
            "title": f"{obj.title} (renamed)",
            "category": obj.category,
            "salary_min": str(obj.salary_min),
            "salary_max": str(obj.salary_max),
            "currency": obj.currency,
            "positions": obj.positions,
        }

    def api_edit_data(self, world: World, obj: Post) -> dict[str, Any]:
        return {"title": f"{obj.title} (renamed)"}

    def changed(self, obj: Post) -> bool:
        return obj.title.endswith("(renamed)")


def test_a_band_that_ends_below_its_start_is_refused(world: World) -> None:
    with pytest.raises(ApplicationError) as info:
        make_post(world, "a", salary_min=Decimal(200000))
    assert info.value.errors == {None: ["The salary band must not end below where it starts."]}
    assert not Post.objects.exists()


def test_the_form_shows_the_band_error_and_saves_nothing(as_user, world: World) -> None:
    response = as_user("hr_a").post(
        "/orgs/posts/add/",
        {
            "organisation": world.orgs["unit_a1"].pk,
            "code": "X",
            "title": "X",
            "salary_min": "5",
            "salary_max": "1",
            "currency": "KZT",
            "positions": 1,
        },
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 400
    assert "The salary band must not end below where it starts." in response.content.decode()
    assert not Post.objects.exists()


def test_api_names_a_negative_position_count(api_as, world: World) -> None:
    response = api_as("hr_a").post(
        "/api/v1/posts/",
        {
            "organisation": world.orgs["unit_a1"].pk,
            "code": "X",
            "title": "X",
            "salary_min": "1",
            "salary_max": "2",
            "currency": "XXX",
            "positions": -1,
        },
        format="json",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 400
    fields = {e["field"] for e in response.json()["errors"]}
    assert fields == {"currency", "positions"}
