"""Stored figures follow edits made in pages and the API, not only imports (issue 17 #18)."""

from __future__ import annotations

from typing import Any

from django.core.cache import cache

from cadre.core.models import Job
from cadre.core.stale import figures_stale, stale_figures_refresh
from cadre.core.testing.world import World
from cadre.people.models import OrganisationFigures
from cadre.people.selectors import figures_refresh


def _headcount(world: World, key: str) -> int:
    return OrganisationFigures.objects.get(organisation=world.orgs[key]).headcount


def test_an_edit_through_the_api_is_counted_within_a_minute(
    world: World, api_as: Any, django_capture_on_commit_callbacks: Any
) -> None:
    cache.clear()
    figures_refresh()
    before = (_headcount(world, "unit_a1"), _headcount(world, "body_a"))
    with django_capture_on_commit_callbacks(execute=True):
        created = api_as("hr_a").post(
            "/api/v1/employees/",
            {
                "personal_id": "IIN-0401",
                "last_name": "Нұрлан",
                "first_name": "Ержан",
                "birth_date": "1991-02-03",
                "gender": "M",
                "organisation": world.orgs["unit_a1"].pk,
            },
            format="json",
        )
    assert created.status_code == 201, created.json()
    assert figures_stale() == ["people.figures_refresh"]
    assert (_headcount(world, "unit_a1"), _headcount(world, "body_a")) == before  # not yet

    with django_capture_on_commit_callbacks(execute=True):
        assert stale_figures_refresh() == ["people.figures_refresh"]  # the minute's task
    assert (_headcount(world, "unit_a1"), _headcount(world, "body_a")) == (
        before[0] + 1,
        before[1] + 1,
    )
    assert figures_stale() == []
    assert Job.objects.filter(kind="people.figures_refresh", status="succeeded").count() == 1
    with django_capture_on_commit_callbacks(execute=True):
        assert stale_figures_refresh() == []  # nothing changed since: nothing started


def test_a_recount_already_waiting_is_not_started_twice(world: World) -> None:
    cache.clear()
    cache.set("cadre:stale:people.figures_refresh", 1)
    Job.objects.create(kind="people.figures_refresh", status="queued")
    assert stale_figures_refresh() == []
    assert figures_stale() == ["people.figures_refresh"]  # kept for after that one


def test_a_failed_edit_marks_nothing(world: World, api_as: Any) -> None:
    cache.clear()
    refused = api_as("hr_a").post(
        "/api/v1/employees/",
        {"personal_id": "IIN-0402", "organisation": world.orgs["unit_b1"].pk},
        format="json",
    )
    assert refused.status_code == 400
    assert figures_stale() == []
