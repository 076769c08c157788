"""The organisation tree picker: what it offers (scoped, with paths), and where it replaces a
select of every organisation (forms and list filters of any app)."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cadre.core.testing.world import World
from cadre.orgs import selectors


@pytest.mark.django_db
def test_the_picker_offers_matching_organisations_the_user_may_see_with_their_paths(
    world: World, as_user: Any
) -> None:
    national = as_user("admin").get("/orgs/pick/?q=unit")
    assert national.json() == {
        "results": [
            {"id": world.orgs["unit_a1"].pk, "name": "Unit A1", "path": "Country › Body A"},
            {"id": world.orgs["unit_b1"].pk, "name": "Unit B1", "path": "Country › Body B"},
        ]
    }
    # an HR officer of body A sees body A's subtree only; its path names the ancestors
    mine = as_user("hr_a").get("/orgs/pick/?q=UNIT")
    assert [r["name"] for r in mine.json()["results"]] == ["Unit A1"]
    assert as_user("hr_a").get("/orgs/pick/?q=Body").json()["results"] == [
        {"id": world.orgs["body_a"].pk, "name": "Body A", "path": "Country"}
    ]
    # by exact code too; nothing for blank or unknown text
    code = world.orgs["body_b"].code
    assert [r["id"] for r in as_user("admin").get(f"/orgs/pick/?q={code}").json()["results"]] == [
        world.orgs["body_b"].pk
    ]
    assert as_user("admin").get("/orgs/pick/?q=%20").json() == {"results": []}
    assert as_user("admin").get("/orgs/pick/?q=nowhere").json() == {"results": []}


@pytest.mark.django_db
def test_the_picker_needs_a_signed_in_user_and_reads_in_two_queries(world: World) -> None:
    from django.test import Client

    assert Client().get("/orgs/pick/?q=Body").status_code == 302
    with CaptureQueriesContext(connection) as queries:
        found = selectors.pick(world.users["admin"], "o")
    assert [f["name"] for f in found] == ["Country", "Body A", "Body B"]  # highest first
    assert len(queries) <= 3  # the user's scope, the matches, their ancestors' names


@pytest.mark.django_db
def test_a_filter_of_organisations_is_a_picker_not_a_list_of_every_organisation(
    world: World, as_user: Any, settings: Any
) -> None:
    settings.LANGUAGE_CODE = "en"
    page = as_user("admin").get(
        f"/accounts/roles/?organisation={world.orgs['unit_b1'].pk}", HTTP_ACCEPT_LANGUAGE="en"
    )
    html = page.content.decode()
    assert 'data-picker="/orgs/pick/"' in html
    assert 'data-picker-placeholder="Type a name"' in html
    # the chosen organisation is selected, and offered even though it is deep in the tree
    assert f'<option value="{world.orgs["unit_b1"].pk}" selected>Unit B1</option>' in html


@pytest.mark.django_db
def test_the_select_without_javascript_lists_only_the_top_of_the_tree(
    world: World, as_user: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from cadre.orgs import widgets

    monkeypatch.setattr(widgets, "FEW", 2)
    html = as_user("admin").get("/accounts/roles/").content.decode()
    picker = html[html.index('data-picker="/orgs/pick/"') :]
    picker = picker[: picker.index("</select>")]
    assert picker.count("<option") == 3  # the blank choice, the country and one body
    assert ">Country</option>" in picker and ">Body A</option>" in picker


@pytest.mark.django_db
def test_a_within_filter_is_the_picker_and_keeps_its_meaning(world: World, as_user: Any) -> None:
    """``?within=`` (people, posts, gaps, …) is picked by name; an unknown id still lists
    nobody rather than everybody."""
    hr = as_user("hr_a")
    unit = world.orgs["unit_a1"]
    html = hr.get(f"/orgs/posts/?within={unit.pk}", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    picker = html[html.index('name="within"') :]
    picker = picker[: picker.index("</select>")]
    assert 'data-picker="/orgs/pick/"' in picker
    assert f'<option value="{unit.pk}" selected>Unit A1</option>' in picker
    assert "Body B" not in picker  # only what hr_a may see
    unknown = hr.get("/orgs/?within=999999")
    assert len(unknown.context["rows"]) == 0
