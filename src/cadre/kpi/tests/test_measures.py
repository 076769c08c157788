"""Measures read the records as they stood at the period's end (who held which post, who had
graduated, which certificates were issued), and the gaps measure through the achievements
job."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from cadre.assessments.tests.test_gaps_closed import at, observe
from cadre.core.measures import measure_get
from cadre.core.testing.world import World
from cadre.kpi import services
from cadre.kpi.models import Achievement, Actual
from cadre.kpi.tests.conftest import definition, give

pytestmark = pytest.mark.django_db
D = Decimal
START, END = dt.date(2026, 1, 1), dt.date(2026, 6, 30)


def _moves(world: World, kpis: dict[str, Any]) -> Any:
    """Unit A1 is an IT unit. Aliya and Bolat have an IT specialty (Bolat's graduated in
    2026), Dana has none and leaves her post on 30 September; Farida, with an IT specialty,
    is moved into the unit's post from unit B1 on 1 August. Dana and Farida each earned a
    certificate in March."""
    from cadre.learning import services as learning
    from cadre.learning.models import Certificate
    from cadre.orgs.choices import OrgKind
    from cadre.orgs.models import Post
    from cadre.orgs.services import organisation_create, organisation_update
    from cadre.people.models import Assignment, Specialty
    from cadre.people.services import (
        assignment_create,
        assignment_end,
        education_add,
        employee_create,
    )

    admin = world.users["admin"]
    organisation_update(actor=admin, organisation=world.orgs["unit_a1"], is_it_unit=True)
    it = Specialty.objects.get(code="09.03.01")
    education_add(actor=admin, employee=kpis["aliya"], level=3, specialty=it)
    education_add(actor=admin, employee=kpis["bolat"], level=3, specialty=it, year=2026)
    farida = employee_create(
        actor=admin,
        personal_id="B0002",
        last_name="Farida",
        first_name="Test",
        birth_date=dt.date(1991, 1, 1),
        gender="F",
        organisation=world.orgs["unit_b1"],
    )
    education_add(actor=admin, employee=farida, level=3, specialty=it)
    assignment_create(
        actor=admin,
        employee=farida,
        post=Post.objects.get(code="P-ANALYST"),
        start_date=dt.date(2026, 8, 1),
    )
    assignment_end(
        actor=admin,
        assignment=Assignment.objects.get(employee=kpis["dana"]),
        end_date=dt.date(2026, 9, 30),
        reason="Left the service",
    )
    centre = organisation_create(
        actor=admin,
        name="Centre",
        code="CDC",
        kind=OrgKind.COMPETENCE_CENTRE,
        parent=world.orgs["country"],
    )
    course = learning.course_create(
        actor=admin,
        provider=centre,
        code="C1",
        titles={"en": "C1"},
        hours=8,
        format="online",
        currency="KZT",
    )
    today = timezone.localdate()
    session = learning.session_create(
        actor=admin, course=course, starts_on=today, ends_on=today, capacity=5
    )
    for person in (kpis["dana"], farida):
        learning.enrolment_request(actor=admin, session=session, employee=person)
        learning.enrolment_complete(actor=admin, session=session, employee=person, passed=True)
    Certificate.objects.update(issued_on=dt.date(2026, 3, 1))
    return farida


def test_measures_count_who_was_there_at_the_period_end(world: World, kpis: dict[str, Any]) -> None:
    farida = _moves(world, kpis)
    aliya, bolat, dana = kpis["aliya"], kpis["bolat"], kpis["dana"]
    unit = world.orgs["unit_a1"]
    share = measure_get("people.it_specialty_share")
    assert share is not None
    # On 30 June: Aliya, Bolat and Dana (who left after it) were the IT staff, Farida not yet.
    got = share.compute(organisation=unit, start=START, end=END)
    assert (got.value, got.ids) == (D("66.67"), tuple(sorted([aliya.pk, bolat.pk, dana.pk])))
    # On 31 December 2025 Bolat had not graduated yet: 1 of 3.
    got = share.compute(organisation=unit, start=dt.date(2025, 1, 1), end=dt.date(2025, 12, 31))
    assert got.value == D("33.33")
    # The year still running is read as of today: Dana has gone, Farida is in.
    got = share.compute(organisation=unit, start=START, end=dt.date(2026, 12, 31))
    assert (got.value, got.ids) == (D("100.00"), tuple(sorted([aliya.pk, bolat.pk, farida.pk])))
    certificates = measure_get("learning.certificates_earned")
    assert certificates is not None
    got = certificates.compute(organisation=unit, start=START, end=END)
    assert got.value == 1  # Dana's; Farida counted in unit B1 then
    assert certificates.compute(organisation=world.orgs["unit_b1"], start=START, end=END).value == 1
    # Fair ratios are the current scores, of the people counted in the unit on 30 June.
    from cadre.ratings.models import EmployeeScore

    for person, value in ((dana, 0.8), (farida, 1.6)):
        EmployeeScore.objects.create(
            employee=person,
            computed_at=timezone.now(),
            ratings=40,
            negatives=int(value * 10),
            expected=10.0,
            ratio=value,
            ratio_low=value - 0.2,
            ratio_high=value + 0.2,
            p_worse=0.1,
            reliably_worse=False,
            mean=4.0,
        )
    fair = measure_get("ratings.fair_ratio")
    assert fair is not None
    got = fair.compute(organisation=unit, start=START, end=END)
    assert (got.value, got.ids) == (D("0.8000"), (dana.pk,))


def test_the_gaps_measure_through_the_achievements_job(world: World, kpis: dict[str, Any]) -> None:
    aliya, period = kpis["aliya"], kpis["period"]
    before = at(period.start.year - 1, 6, 1)
    observe(world, aliya, "SA.1", 1, before)  # SA.1 (3) and IS.1 (2) open at the start
    closing = observe(world, aliya, "SA.1", 3, at(period.start.year, 3, 1))
    gaps = definition(world, "GAPS", "measure", unit="percent", measure="assessments.gaps_closed")
    give(world, gaps, period, ("25", "50", "75"), "100", employee=aliya)
    result = services.achievements_compute(actor=world.users["hr_a"], period=period)
    assert result["measured"] == 1
    actual = Actual.objects.get(assignment__definition=gaps)
    assert actual.value == D("50.0000")  # 1 of 2 gaps closed
    assert actual.rows == {"model": "assessments.evidence", "ids": [closing.pk]}
    assert Achievement.objects.get(employee=aliya, period=period).total == D("1.0000")
