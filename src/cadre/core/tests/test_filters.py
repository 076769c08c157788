"""Filters are scoped and strict (issue 16 item 6): an id out of the user's scope is
refused exactly like one that does not exist; a value a filter cannot read is an error
naming the parameter, not a list of everything."""

from __future__ import annotations

from typing import Any

import pytest

from cadre.core.testing.world import World


@pytest.mark.parametrize(
    "path",
    ["/api/v1/training-targets/", "/api/v1/gap-cells/", "/api/v1/campaigns/"],
)
def test_an_organisation_out_of_scope_is_refused_like_one_that_does_not_exist(
    world: World, api_as: Any, path: str
) -> None:
    client = api_as("hr_a")
    outside = client.get(path, {"organisation": world.orgs["body_b"].pk}, HTTP_ACCEPT_LANGUAGE="en")
    missing = client.get(path, {"organisation": 999_999}, HTTP_ACCEPT_LANGUAGE="en")
    inside = client.get(path, {"organisation": world.orgs["body_a"].pk})
    assert (outside.status_code, missing.status_code, inside.status_code) == (400, 400, 200)
    assert outside.json() == missing.json()
    assert [(e["field"], e["code"]) for e in outside.json()["errors"]] == [
        ("organisation", "invalid_choice")
    ]


def test_a_yes_no_filter_refuses_what_it_cannot_read(world: World, api_as: Any) -> None:
    client = api_as("hr_a")
    bad = client.get("/api/v1/employees/", {"it_staff": "maybe"}, HTTP_ACCEPT_LANGUAGE="en")
    assert bad.status_code == 400
    assert [(e["field"], e["message"]) for e in bad.json()["errors"]] == [
        ("it_staff", "Enter true or false.")
    ]
    assert client.get("/api/v1/employees/", {"it_staff": "true"}).status_code == 200
    assert client.get("/api/v1/employees/", {"it_staff": "false"}).status_code == 200


def test_the_list_page_shows_the_error_and_no_rows(world: World, as_user: Any) -> None:
    page = as_user("hr_a").get("/people/", {"it_staff": "maybe"}, HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200
    body = page.content.decode()
    assert "Enter true or false." in body
    assert page.context["page"].paginator.count == 0
