"""Scenarios on the test world (``conftest.py``): the rule-based cut and the optimised one
on the same data, with their exact figures; approval by another person; apply; refusals."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from cadre.core.errors import ApplicationError
from cadre.core.models import AuditEvent
from cadre.core.testing.world import World
from cadre.staffing import engine
from cadre.staffing.models import Scenario, ScenarioLine, StaffingLine, StaffingTable
from cadre.staffing.services import scenarios

pytestmark = pytest.mark.django_db


def make(world: World, **rules: Any) -> Scenario:
    values = {
        "title": "Cut",
        "mode": "rules",
        "cut_units": Decimal("4.5"),
        "keep_coverage": False,
        **rules,
    }
    return scenarios.scenario_create(
        actor=world.users["hr_a"], organisation=world.orgs["body_a"], **values
    )


def computed(world: World, **rules: Any) -> Scenario:
    scenario = make(world, **rules)
    return scenarios.scenario_compute(actor=world.users["hr_a"], scenario=scenario)


def test_the_rule_based_cut_loses_the_only_security_officer(
    world: World, setup: dict[str, Any]
) -> None:
    """4.5 units: the 1.5 vacant units of the clerks' line, then one person a line in turn
    (largest line first, the last appointed first): Bolat, Gani, Erzhan."""
    s = computed(world)
    r = s.results
    assert (r["units_before"], r["units_target"], r["units_saved"]) == ("8.5", "4.5", "4.5")
    assert r["reached"] is True
    assert r["payroll_saved"] == {"KZT": "1250000"}
    assert r["people_affected"] == 3
    people = setup["people"]
    assert r["people"] == sorted([people["Bolat"].pk, people["Gani"].pk, people["Erzhan"].pk])
    assert r["functions_unheld"] == ["records", "security"]
    assert r["lost"] == ["S.1"]
    assert (r["below_minimum"], r["single_holder"]) == (1, 1)
    rows = {c["competency"]: c for c in r["competencies"]}
    assert (rows["S.1"]["before"], rows["S.1"]["after"]) == (1, 0)
    assert rows["S.1"]["course"]["code"] == "SEC-101"
    assert (rows["A.1"]["after"], rows["A.1"]["course"]) == (1, None)
    assert r["training"] == {"people": 1, "hours": 24, "cost": {"KZT": "150000"}}
    assert r["targets"] == [
        {"id": setup["target"].pk, "title": "Data protection for all", "people_lost": 1}
    ]
    cut = {
        line.post.code: (line.cut_units, line.people_cut)
        for line in ScenarioLine.objects.filter(scenario=s).select_related("post")
    }
    assert cut == {
        "AN": (Decimal(1), 1),
        "SEC": (Decimal(1), 1),
        "DL": (Decimal(0), 0),
        "CL": (Decimal("2.5"), 1),
    }
    # The live table is untouched.
    assert StaffingLine.objects.get(pk=setup["lines"]["SEC"].pk).units == Decimal(1)


def test_the_optimised_cut_keeps_every_competency(world: World, setup: dict[str, Any]) -> None:
    """Same 4.5 units: the vacant 1.5 and three analysts who hold nothing required."""
    r = computed(world, mode="optimise").results
    assert r["solver"] == "highs"
    assert r["units_saved"] == "4.5"
    assert r["payroll_saved"] == {"KZT": "1350000"}
    people = setup["people"]
    assert r["people"] == sorted(people[n].pk for n in ("Bolat", "Cara", "Dias"))
    assert r["functions_unheld"] == []
    assert (r["lost"], r["below_minimum"], r["single_holder"]) == ([], 0, 2)
    assert r["targets"] == []


def test_the_rules_keeping_coverage_skip_the_only_holder(
    world: World, setup: dict[str, Any]
) -> None:
    r = computed(world, keep_coverage=True).results
    people = setup["people"]
    assert r["people"] == sorted(people[n].pk for n in ("Bolat", "Cara", "Gani"))
    assert r["lost"] == [] and r["functions_unheld"] == ["records"]


def test_protected_and_chosen_functions(world: World, setup: dict[str, Any]) -> None:
    """Only the analysts' function may be cut: 50 % of 8.5 units is more than it can give
    without its only A.1 holder, so the cut falls short and says so."""
    r = computed(
        world, cut_units=None, cut_percent=Decimal(50), functions=["analysis"], keep_coverage=True
    ).results
    assert r["units_target"] == "4.25"
    assert r["units_saved"] == "3"
    assert r["reached"] is False
    assert r["lost"] == []


def test_cutting_more_than_exists_is_refused(world: World, setup: dict[str, Any]) -> None:
    with pytest.raises(ApplicationError) as exc:
        make(world, cut_units=Decimal(9))
    assert exc.value.errors == {
        "cut_units": [
            "The cut of 9 units is more than the 8.5 units the tables in force of “Body A” hold."
        ]
    }
    with pytest.raises(ApplicationError) as exc:
        make(world, cut_units=Decimal("0.1"))
    assert exc.value.errors == {
        "cut_units": ["Staff units are counted in quarters: 0.1 is not a multiple of 0.25."]
    }
    assert not Scenario.objects.exists()


def test_approval_by_another_person_then_apply(world: World, setup: dict[str, Any]) -> None:
    s = computed(world, mode="optimise")
    with pytest.raises(ApplicationError) as exc:
        scenarios.scenario_apply(
            actor=world.users["hr_a"], scenario=s, effective_from=dt.date(2026, 9, 1)
        )
    assert exc.value.code == "not_approved"
    with pytest.raises(ApplicationError) as exc:
        scenarios.scenario_approve(actor=world.users["hr_a"], scenario=s)
    assert str(exc.value) == "A scenario is approved by someone other than its author."
    assert StaffingTable.objects.count() == 1
    scenarios.scenario_approve(actor=world.users["admin"], scenario=s, reason="Agreed")
    created = scenarios.scenario_apply(
        actor=world.users["hr_a"], scenario=s, effective_from=dt.date(2026, 9, 1)
    )
    assert [t.number for t in created] == [2]
    units = dict(created[0].lines.values_list("post__code", "units"))
    assert units == {"AN": Decimal(1), "SEC": Decimal(1), "DL": Decimal(1), "CL": Decimal(1)}
    assert created[0].status == "draft"
    assert AuditEvent.objects.filter(action="staffing.apply", object_id=str(s.pk)).exists()
    s.refresh_from_db()
    assert s.status == "applied"


def test_the_engine_on_plain_data() -> None:
    """Three lines, one protected; a competency held by two people with a minimum of 2."""
    lines = [
        engine.Line(id=1, quarters=8, pay_minor=100, eligible=True, people=[10, 11]),
        engine.Line(id=2, quarters=6, pay_minor=100, eligible=True, people=[12]),
        engine.Line(id=3, quarters=4, pay_minor=100, eligible=False, people=[13]),
    ]
    problem = engine.Problem(lines=lines, target=6, signatures={10: (0,), 12: (0,)}, minimum=[2])
    rules = engine.rule_cut(problem)
    assert rules.vacant == {2: 2} and rules.removed == {1: [11]} and rules.reached
    best = engine.optimised_cut(problem)
    assert best.vacant == {2: 2} and best.removed == {1: [11]} and best.reached
    problem.target = 10  # more than can go without a holder of competency 0
    assert not engine.rule_cut(problem).reached
    assert not engine.optimised_cut(problem).reached


def test_a_post_a_scenario_copied_cannot_be_deleted(world: World, setup: dict[str, Any]) -> None:
    """The copy's lines keep no database constraint on their post and source (decision
    0047); Django's ``PROTECT`` still refuses the deletion, and nothing is deleted."""
    from django.db.models import ProtectedError

    s = make(world)
    line = ScenarioLine.objects.filter(scenario=s).select_related("post", "source").first()
    assert line is not None
    with pytest.raises(ProtectedError):
        line.source.delete()
    with pytest.raises(ProtectedError):
        line.post.delete()
    assert StaffingLine.objects.filter(pk=line.source_id).exists()
    assert ScenarioLine.objects.filter(scenario=s).count() == 4


def test_a_whole_country_counts_only_the_people_posted_in_it(
    world: World, setup: dict[str, Any]
) -> None:
    """Over a whole country the proficiencies are read whole, not joined to the posted
    people (decision 0047): the figures are body A's (its table is the country's only one),
    and Hana, whose T:S.1 at 3 is read with them but who holds no post, is no holder — S.1
    is still lost."""
    from django.utils import timezone

    from cadre.assessments.models import Proficiency
    from cadre.competencies.models import Framework

    from .conftest import person

    hana = person(world, "A0099", "Hana")
    Proficiency.objects.create(
        employee=hana,
        framework=Framework.objects.get(code="T"),
        code="S.1",
        level=3,
        computed_at=timezone.now(),
    )
    body = computed(world).results
    admin = world.users["admin"]
    country = scenarios.scenario_compute(
        actor=admin,
        scenario=scenarios.scenario_create(
            actor=admin,
            organisation=world.orgs["country"],
            title="Cut",
            mode="rules",
            cut_units=Decimal("4.5"),
            keep_coverage=False,
        ),
    ).results
    assert country["lost"] == body["lost"] == ["S.1"]
    assert country["competencies"] == body["competencies"]
    rows = {c["competency"]: c for c in country["competencies"]}
    assert (rows["S.1"]["before"], rows["S.1"]["after"]) == (1, 0)
    assert country["people"] == body["people"]
