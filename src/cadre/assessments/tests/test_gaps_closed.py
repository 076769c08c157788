"""The KPI measure "share of standard gaps closed": gaps open at the period's start, closed by
evidence dated within it; evidence after the end does not count."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.db import transaction
from django.utils import timezone

from cadre.assessments.models import Evidence
from cadre.assessments.proficiency import Observation, evidence_record
from cadre.competencies.models import Competency
from cadre.core.measures import measure_get
from cadre.core.testing.world import World

pytestmark = pytest.mark.django_db
START, END = dt.date(2026, 1, 1), dt.date(2026, 6, 30)


def at(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> dt.datetime:
    """A moment in the site's time zone."""
    tz = timezone.get_current_timezone()
    return dt.datetime(year, month, day, hour, minute, tzinfo=tz)


def observe(world: World, person: Any, code: str, level: int, when: dt.datetime) -> Evidence:
    with transaction.atomic():
        (row,) = evidence_record(
            actor=world.users["admin"],
            employee=person,
            observations=[
                Observation(Competency.objects.get(framework__code="DG", code=code), level)
            ],
            instrument="test",
            source="test",
            observed_at=when,
        )
    return row


def gaps_world(world: World, staff: dict[str, Any]) -> dict[str, Evidence]:
    """The standard asks SA.1 at 3 and IS.1 at 2. At the start Aliya meets neither (SA.1 at
    1), Bolat meets SA.1 and Dana meets both: 3 gaps open. In the period Aliya reaches SA.1
    and Bolat IS.1 (on the last evening); Aliya reaches IS.1 only after the end."""
    aliya, bolat, dana = staff["aliya"], staff["bolat"], staff["dana"]
    observe(world, aliya, "SA.1", 1, at(2025, 6, 1))
    observe(world, bolat, "SA.1", 3, at(2025, 12, 31, 23, 59))
    observe(world, dana, "SA.1", 4, at(2025, 3, 1))
    observe(world, dana, "IS.1", 2, at(2025, 3, 1))
    return {
        "aliya_sa": observe(world, aliya, "SA.1", 3, at(2026, 3, 1)),
        "bolat_is": observe(world, bolat, "IS.1", 2, at(2026, 6, 30, 23, 0)),
        "aliya_is": observe(world, aliya, "IS.1", 2, at(2026, 7, 1, 0, 30)),
    }


def test_the_share_of_gaps_open_at_the_start_closed_in_the_period(
    world: World, staff: dict[str, Any]
) -> None:
    rows = gaps_world(world, staff)
    found = measure_get("assessments.gaps_closed")
    assert found is not None
    unit = found.compute(organisation=world.orgs["unit_a1"], start=START, end=END)
    assert unit.value == Decimal("66.67")  # 2 of the 3 gaps open at the start
    assert unit.model == "assessments.evidence"
    assert unit.ids == tuple(sorted([rows["aliya_sa"].pk, rows["bolat_is"].pk]))
    aliya = found.compute(employee=staff["aliya"], start=START, end=END)
    assert (aliya.value, aliya.ids) == (Decimal("50.00"), (rows["aliya_sa"].pk,))
    # Dana had no gap open at the start: nothing to measure.
    assert found.compute(employee=staff["dana"], start=START, end=END).value is None
    # A period that takes in 1 July counts Aliya's IS.1 too.
    later = found.compute(organisation=world.orgs["unit_a1"], start=START, end=dt.date(2026, 7, 1))
    assert later.value == Decimal("100.00")
    # Unit B1 (Erlan, no evidence): 2 gaps open, none closed.
    assert found.compute(organisation=world.orgs["unit_b1"], start=START, end=END).value == 0


def test_a_level_that_fell_back_by_the_end_is_not_closed(
    world: World, staff: dict[str, Any]
) -> None:
    bolat = staff["bolat"]
    observe(world, bolat, "SA.1", 3, at(2025, 1, 1))
    observe(world, bolat, "IS.1", 2, at(2026, 2, 1))
    observe(world, bolat, "IS.1", 1, at(2026, 5, 1))  # a later test showed less
    found = measure_get("assessments.gaps_closed")
    assert found is not None
    assert found.compute(employee=bolat, start=START, end=END).value == Decimal("0.00")


def test_many_people_are_measured_in_four_queries(
    world: World, staff: dict[str, Any], django_assert_num_queries: Any
) -> None:
    gaps_world(world, staff)
    found = measure_get("assessments.gaps_closed")
    assert found is not None
    people = [staff[k] for k in ("aliya", "bolat", "dana", "erlan")]
    with django_assert_num_queries(4):
        got = found.compute_many(employees=people, start=START, end=END)
    assert {p.last_name: got[p.pk].value for p in people} == {
        "Aliya": Decimal("50.00"),
        "Bolat": Decimal("100.00"),
        "Dana": None,
        "Erlan": Decimal("0.00"),
    }
