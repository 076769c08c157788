"""The status rule (decision 0023) on exact dates: late, at risk, on track, each with the
reason that made it so; and the KPI achievement read from the kpi app."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from cadre.core.testing.world import World
from cadre.projects import services
from cadre.projects.selectors import status_of
from cadre.projects.status import AT_RISK_DAYS, achievement
from cadre.projects.tests.conftest import actual, project

pytestmark = pytest.mark.django_db

D = dt.date


def _active(world: World, people: dict[str, Any], **kw: Any) -> Any:
    p = project(world, people, **kw)
    return services.project_transition(actor=world.users["hr_a"], project=p, state="active")


def _milestone(world: World, p: Any, name: str, due: dt.date, closed: dt.date | None = None) -> Any:
    m = services.milestone_add(actor=world.users["hr_a"], project=p, name=name, due=due)
    if closed is not None:
        m = services.milestone_close(
            actor=world.users["hr_a"],
            milestone=m,
            kind="link",
            link="https://docs.example/kz",
            today=closed,
        )
    return m


def test_a_draft_has_no_status_and_an_empty_active_project_is_on_track(
    world: World, people: dict[str, Any]
) -> None:
    p = project(world, people)
    assert status_of(p, D(2026, 6, 1)).status is None
    p = services.project_transition(actor=world.users["hr_a"], project=p, state="active")
    found = status_of(p, D(2026, 6, 1))
    assert (found.status, found.reasons) == ("on_track", [])


def test_late_when_a_milestone_is_past_due_and_open(world: World, people: dict[str, Any]) -> None:
    p = _active(world, people)
    _milestone(world, p, "Pilot in Astana", D(2026, 3, 31))
    # on its due date it is not late yet; the day after it is
    assert status_of(p, D(2026, 3, 31)).status == "on_track"
    found = status_of(p, D(2026, 4, 1))
    assert found.status == "late"
    assert found.reasons == ["Milestone “Pilot in Astana” was due on 2026-03-31 and is not closed."]


def test_late_when_the_planned_end_has_passed(world: World, people: dict[str, Any]) -> None:
    p = _active(world, people, planned_end=D(2026, 6, 30))
    assert status_of(p, D(2026, 6, 30)).status == "on_track"
    found = status_of(p, D(2026, 7, 1))
    assert found.status == "late"
    assert found.reasons == ["The planned end, 2026-06-30, has passed."]


def test_at_risk_when_the_next_milestone_is_near_and_the_last_closed_late(
    world: World, people: dict[str, Any]
) -> None:
    p = _active(world, people)
    _milestone(world, p, "Design", D(2026, 2, 1), closed=D(2026, 2, 11))
    _milestone(world, p, "Pilot", D(2026, 5, 1))
    # 15 days before the pilot: not yet within the horizon
    assert AT_RISK_DAYS == 14
    assert status_of(p, D(2026, 4, 16)).status == "on_track"
    found = status_of(p, D(2026, 4, 17))
    assert found.status == "at_risk"
    assert found.reasons == [
        "Milestone “Pilot” is due on 2026-05-01 and the one before it, “Design”, "
        "closed 10 days late."
    ]


def test_a_milestone_closed_on_time_puts_nothing_at_risk(
    world: World, people: dict[str, Any]
) -> None:
    p = _active(world, people)
    _milestone(world, p, "Design", D(2026, 2, 1), closed=D(2026, 2, 1))
    _milestone(world, p, "Pilot", D(2026, 5, 1))
    assert status_of(p, D(2026, 4, 30)).status == "on_track"


def test_late_wins_over_at_risk(world: World, people: dict[str, Any]) -> None:
    p = _active(world, people)
    _milestone(world, p, "Design", D(2026, 2, 1), closed=D(2026, 2, 11))
    _milestone(world, p, "Pilot", D(2026, 5, 1))
    _milestone(world, p, "Data", D(2026, 4, 1))
    assert status_of(p, D(2026, 4, 20)).status == "late"


def test_kpi_below_the_threshold_and_falling_is_at_risk(
    world: World, people: dict[str, Any], kpis: dict[str, Any]
) -> None:
    p = _active(world, people)
    services.kpi_link(
        actor=world.users["hr_a"],
        project=p,
        definition=kpis["egov"],
        period=kpis["year"],
        target="80",
    )
    day = D(2026, 6, 1)
    # no actual yet: nothing to judge
    found = status_of(p, day)
    assert (found.status, found.kpis[0].value, found.kpis[0].achievement) == (
        "on_track",
        None,
        None,
    )
    actual(world, kpis["2025"], "75")
    actual(world, kpis["2026"], "70")
    found = status_of(p, day)
    assert found.kpis[0].achievement == Decimal("0.8750")
    assert found.status == "at_risk"
    assert found.reasons == [
        "KPI EGOV is at 87.5 % of its target for 2026.",
        "KPI EGOV is falling: 70 in 2026 against 75 before.",
    ]


def test_kpi_on_its_way_is_on_track(
    world: World, people: dict[str, Any], kpis: dict[str, Any]
) -> None:
    p = _active(world, people)
    services.kpi_link(
        actor=world.users["hr_a"],
        project=p,
        definition=kpis["egov"],
        period=kpis["year"],
        target="80",
    )
    actual(world, kpis["2025"], "60")
    actual(world, kpis["2026"], "76")
    found = status_of(p, D(2026, 6, 1))
    assert (found.status, found.kpis[0].achievement) == ("on_track", Decimal("0.9500"))


def test_achievement_both_directions_and_the_cap() -> None:
    assert achievement(Decimal(40), Decimal(80), "higher") == Decimal("0.5000")
    assert achievement(Decimal(200), Decimal(80), "higher") == Decimal("1.5000")
    assert achievement(Decimal(4), Decimal(2), "lower") == Decimal("0.5000")
    assert achievement(Decimal(0), Decimal(2), "lower") == Decimal("1.5000")


def test_only_the_milestone_just_before_counts(world: World, people: dict[str, Any]) -> None:
    p = _active(world, people)
    _milestone(world, p, "Design", D(2026, 2, 1), closed=D(2026, 2, 11))
    _milestone(world, p, "Build", D(2026, 3, 1), closed=D(2026, 3, 1))
    _milestone(world, p, "Pilot", D(2026, 5, 1))
    assert status_of(p, D(2026, 4, 20)).status == "on_track"
