"""Appraisals and the bodies' requirements, and what pay makes of them: the nearest
requirement up the tree, the boundaries of "effective", a run that pays the unsatisfactory
nothing and the others the whole fund, the reason on the explanation page and in the API,
and the refusals of bad input naming the field."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from cadre.appraisals import selectors, services
from cadre.appraisals.models import Appraisal, AppraisalRequirement
from cadre.core.errors import ApplicationError
from cadre.core.testing.world import World
from cadre.pay import services as pay_services

pytestmark = pytest.mark.django_db

DAY = dt.date(2026, 12, 1)


def _appraise(world: World, person: Any, result: str, year: int = 2026) -> Appraisal:
    return services.appraisal_record(
        actor=world.users["hr_a"] if person.personal_id.startswith("A") else world.users["admin"],
        employee=person,
        year=year,
        result=result,
        assessed_on=DAY,
        assessed_by="Attestation commission of Body A",
    )


def _require(world: World, org: str, from_year: int, minimum: str = "effective") -> Any:
    return services.requirement_create(
        actor=world.users["admin"],
        organisation=world.orgs[org],
        from_year=from_year,
        minimum=minimum,
    )


def test_the_nearest_requirement_up_the_tree_that_has_begun_wins(world: World) -> None:
    _require(world, "country", 2020, "satisfactory")
    body_a = _require(world, "body_a", 2026, "effective")
    _require(world, "body_a", 2027, "exceeds")
    unit = world.orgs["unit_a1"].path
    assert selectors.requirement_at(unit, 2026) == body_a
    found: Any = selectors.requirement_at(unit, 2027)
    assert found.minimum == "exceeds"
    found = selectors.requirement_at(unit, 2025)
    assert found.organisation == world.orgs["country"]
    found = selectors.requirement_at(world.orgs["body_b"].path, 2026)
    assert found.minimum == "satisfactory"
    assert selectors.requirement_at(unit, 2019) is None


def test_exactly_the_minimum_passes_below_or_missing_does_not(world: World, pay: Any) -> None:
    people = pay["people"]
    _require(world, "body_a", 2026, "effective")
    _appraise(world, people["A0001"], "effective")
    _appraise(world, people["A0002"], "satisfactory")
    _appraise(world, people["A0004"], "exceeds")
    _appraise(world, people["A0005"], "effective", year=2025)  # not the fund's year
    _appraise(world, people["A0006"], "unsatisfactory")
    ids = [p.pk for p in people.values()]
    assert selectors.ineligible_for(pay["fund"], ids) == {
        people["A0002"].pk: "Assessed “satisfactory” for 2026; Body A requires at least "
        "“effective”.",
        people["A0003"].pk: "Not assessed for 2026; Body A requires at least “effective”.",
        people["A0005"].pk: "Not assessed for 2026; Body A requires at least “effective”.",
        people["A0006"].pk: "Assessed “unsatisfactory” for 2026; Body A requires at least "
        "“effective”.",
    }


def test_a_body_without_a_requirement_is_unaffected(world: World, pay: Any) -> None:
    people = pay["people"]
    _require(world, "unit_a1", 2026, "satisfactory")  # A0006 sits in body A itself
    for pid in ("A0001", "A0002", "A0003", "A0004"):
        _appraise(world, people[pid], "satisfactory")
    ids = [p.pk for p in people.values()]
    assert selectors.ineligible_for(pay["fund"], ids) == {
        people["A0005"].pk: "Not assessed for 2026; Unit A1 requires at least “satisfactory”."
    }
    AppraisalRequirement.objects.all().delete()
    assert selectors.ineligible_for(pay["fund"], ids) == {}


def _unsatisfactory_a0004(world: World, pay: Any) -> Any:
    _require(world, "body_a", 2026)
    for pid, person in pay["people"].items():
        if pid.startswith("A"):
            _appraise(world, person, "unsatisfactory" if pid == "A0004" else "effective")
    return pay_services.run_propose(actor=world.users["hr_a"], fund=pay["fund"])


WHY = "Assessed “unsatisfactory” for 2026; Body A requires at least “effective”."


def test_the_unsatisfactory_get_nothing_and_the_others_the_whole_fund(
    world: World, pay: Any
) -> None:
    run = _unsatisfactory_a0004(world, pay)
    lines = {
        pid: (amount, reason, why)
        for pid, amount, reason, why in run.lines.values_list(
            "employee__personal_id", "amount", "reason", "ineligible_reason"
        )
    }
    # A0004 (capped at 15,000,000.00 in the worked example) is out; A0001 reaches their cap
    # and the rest is shared by A0002 and A0006 in proportion to their targets.
    assert lines == {
        "A0001": (45_000_000, 0, ""),
        "A0002": (11_187_845, 0, ""),
        "A0003": (0, 2, ""),
        "A0004": (0, 4, WHY),
        "A0005": (0, 3, ""),
        "A0006": (13_812_155, 0, ""),
    }
    assert (run.allocated, run.unallocated, run.paid) == (70_000_000, 0, 3)
    assert sum(a for a, _r, _w in lines.values()) == 70_000_000


def test_the_explanation_page_and_the_api_say_why(
    world: World, pay: Any, as_user: Any, api_as: Any
) -> None:
    run = _unsatisfactory_a0004(world, pay)
    line = run.lines.get(employee__personal_id="A0004")
    page = as_user("hr_a").get(line.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200
    assert f"not eligible — {WHY}" in page.content.decode()
    answer = api_as("hr_a").get(f"/api/v1/pay-run-lines/{line.pk}/").json()
    assert (answer["reason"], answer["ineligible_reason"]) == (4, WHY)


def test_the_api_records_and_lists_within_scope(world: World, pay: Any, api_as: Any) -> None:
    person = pay["people"]["A0001"]  # linked to employee_a1
    data = {
        "employee": person.pk,
        "year": 2026,
        "result": "exceeds",
        "assessed_on": "2026-12-01",
        "assessed_by": "Commission",
        "basis": "Annual assessment, order 12",
    }
    created = api_as("hr_a").post("/api/v1/performance-appraisals/", data, format="json")
    assert created.status_code == 201, created.json()
    assert created.json()["origin"] == "manual"
    _appraise(world, pay["people"]["B0001"], "effective")
    listed = api_as("hr_a").get("/api/v1/performance-appraisals/?year=2026").json()["results"]
    assert [(r["employee"], r["result"]) for r in listed] == [(person.pk, "exceeds")]
    hidden = api_as("hr_b").get("/api/v1/performance-appraisals/?result=exceeds")
    assert hidden.json()["results"] == []
    mine = api_as("employee_a1").get("/api/v1/performance-appraisals/").json()["results"]
    assert [r["employee"] for r in mine] == [person.pk]
    other = api_as("hr_b").post(
        "/api/v1/performance-appraisals/",
        {**data, "employee": pay["people"]["A0002"].pk},
        format="json",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert other.status_code == 400
    assert [e["field"] for e in other.json()["errors"]] == ["employee"]
    assert Appraisal.objects.count() == 2


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        (
            {"result": "brilliant"},
            "result",
            "“brilliant” is not a result of the scale: exceeds, effective, satisfactory, "
            "unsatisfactory.",
        ),
        ({"year": 2026}, "year", "Person A0001 Test already has an appraisal for 2026."),
        ("future", "year", "{next} has not begun: a year is assessed once it has."),
        (
            {"assessed_on": "2024-12-31"},
            "assessed_on",
            "The appraisal of 2025 is given in 2025 or later.",
        ),
    ],
)
def test_bad_input_is_refused_naming_the_field(
    world: World, pay: Any, api_as: Any, change: Any, field: str, message: str
) -> None:
    person = pay["people"]["A0001"]
    _appraise(world, person, "effective")
    next_year = timezone.localdate().year + 1
    if change == "future":
        change = {"year": next_year, "assessed_on": str(timezone.localdate())}
    data = {
        "employee": person.pk,
        "year": 2025,
        "result": "effective",
        "assessed_on": "2026-01-15",
        "assessed_by": "Commission",
        **change,
    }
    answer = api_as("hr_a").post(
        "/api/v1/performance-appraisals/", data, format="json", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert answer.status_code == 400
    assert [(e["field"], e["message"]) for e in answer.json()["errors"]] == [
        (field, message.format(next=next_year))
    ]
    assert Appraisal.objects.count() == 1


def test_an_appraisal_outside_the_actor_s_reach_is_refused(world: World, pay: Any) -> None:
    with pytest.raises(ApplicationError) as refused:
        services.appraisal_record(
            actor=world.users["hr_b"],
            employee=pay["people"]["A0002"],
            year=2026,
            result="effective",
            assessed_on=DAY,
            assessed_by="Commission",
        )
    assert refused.value.errors == {"employee": ["You may not record the appraisals of “Unit A1”."]}
    assert not Appraisal.objects.exists()


def test_requirements_by_the_api(world: World, api_as: Any) -> None:
    hr = api_as("hr_a")
    made = hr.post(
        "/api/v1/appraisal-requirements/",
        {"organisation": world.orgs["body_a"].pk, "from_year": 2026},
        format="json",
    )
    assert made.status_code == 201 and made.json()["minimum"] == "effective"
    bad = hr.post(
        "/api/v1/appraisal-requirements/",
        {"organisation": world.orgs["body_a"].pk, "from_year": 2026, "minimum": "good"},
        format="json",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert [(e["field"], e["message"]) for e in bad.json()["errors"]] == [
        (
            "minimum",
            "“good” is not a result of the scale: exceeds, effective, satisfactory, "
            "unsatisfactory.",
        ),
        ("from_year", "“Body A” already has a requirement from 2026."),
    ]
    assert AppraisalRequirement.objects.count() == 1


def test_my_appraisals_page(world: World, pay: Any, as_user: Any) -> None:
    _appraise(world, pay["people"]["A0001"], "exceeds")
    _appraise(world, pay["people"]["A0002"], "satisfactory")
    page = as_user("employee_a1").get("/appraisals/mine/", HTTP_ACCEPT_LANGUAGE="en")
    text = page.content.decode()
    assert page.status_code == 200
    assert "exceeds expectations" in text and "Attestation commission of Body A" in text
    assert "satisfactory" not in text.replace("unsatisfactory", "")


def test_the_list_page_filters_by_year_and_result(world: World, pay: Any, as_user: Any) -> None:
    people = pay["people"]
    _appraise(world, people["A0001"], "exceeds")
    _appraise(world, people["A0002"], "unsatisfactory")
    _appraise(world, people["A0003"], "unsatisfactory", year=2025)
    page = as_user("hr_a").get(
        "/appraisals/?year=2026&result=unsatisfactory", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert page.status_code == 200
    shown = [str(a.employee) for a in page.context["page"].object_list]
    assert shown == [str(people["A0002"])]
    hidden = as_user("hr_b").get("/appraisals/?year=2026").context["page"].object_list
    assert list(hidden) == []
