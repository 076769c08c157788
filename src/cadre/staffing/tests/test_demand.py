"""The workforce demand forecast on a small world with every line known (docs/staffing.md,
"Workforce demand"; decision 0043). Dates are relative to today: Y0 is this year, the
horizon's years are Y0+1 … Y0+3.

On top of the staffing world (body A: AN 4 units / 4 people and SEC 1 / 1 under a
standard whose main requirement is T:A.1 → family T:A; DL 1 / 1 and CL 2.5 / 1 without a
standard → not classified):
- a new post SO under a standard requiring T:S.1 → family T:S;
- version 2 of body A's table, approved, in force from 1 March Y0+1: AN 5 units, SO 2;
- an approved scenario cutting 1 unit of CL;
- vacancies of AN opened 1, 2, 3 in Y0-2, Y0-1, Y0 (one filled in Y0-1): over the last three
  complete years (0, 1, 2 in Y0-3 … Y0-1; this year's are not yet a year's pace) +1 a year;
- two people on SEC reaching retirement age in Y0+1 (F, 60) and Y0+2 (M, 63);
- two active reserve entries of body A for post group C-4 (and one expired);
- two finalists and a participant of a contest of body A (C-4) announced ten days ago;
- enrolments in the T:S course ending in Y0+1 and Y0+2 (and one completed);
- graduates: T:A 10 in Y0-1 and 14 in Y0 (trend 18, 22, 26), T:S 5 in Y0+1 (flat 5);
  body B's figure is outside body A.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from io import BytesIO
from typing import Any

import pytest
from django.utils import timezone

from cadre.staffing import demand
from cadre.staffing.models import GraduateSupply, Scenario, ScenarioLine
from cadre.staffing.services import graduates, tables
from cadre.staffing.tests.conftest import a_post

TODAY = timezone.localdate()
Y0 = TODAY.year
Y1, Y2, Y3 = Y0 + 1, Y0 + 2, Y0 + 3
AGES = {c: {"M": 63, "F": 60} for c in ("KZ", "RU", "VN", "DEFAULT")}


@pytest.fixture
def small(setup: dict[str, Any], world: Any, settings: Any) -> dict[str, Any]:
    from cadre.competencies.tests.factories import standard
    from cadre.contests.models import Application, Category, Contest
    from cadre.learning.models import Enrolment, Session
    from cadre.people.services import assignment_create, employee_create
    from cadre.talent.models import ReserveEntry, Vacancy

    settings.CADRE_RETIREMENT_AGES = AGES
    admin = world.users["admin"]
    posts = setup["posts"]
    so = a_post(world, "SO", "Security operator")
    standard(
        admin,
        world.orgs["country"],
        [{"competency": "T:S.1", "level": 2, "weight": 3}],
        code="STD-2",
        posts=[so],
    )
    v2 = tables.table_create(
        actor=admin,
        organisation=world.orgs["body_a"],
        effective_from=dt.date(Y1, 3, 1),
        copy_from=setup["table"],
    )
    an = v2.lines.get(post=posts["AN"])
    tables.line_update(actor=admin, line=an, units=Decimal(5))
    tables.line_create(actor=admin, table=v2, post=so, units="2", salary=Decimal(1), currency="KZT")
    tables.table_approve(actor=admin, table=v2, order_number="18-ш", order_date=TODAY)
    scenario = Scenario.objects.create(
        organisation=world.orgs["body_a"],
        title="Cut",
        mode="rules",
        status="approved",
        cut_units=Decimal(1),
    )
    cl = setup["lines"]["CL"]
    ScenarioLine.objects.create(
        scenario=scenario,
        source=cl,
        body=world.orgs["body_a"],
        post=posts["CL"],
        units=cl.units,
        pay_minor=1,
        currency="KZT",
        cut_units=Decimal(1),
        people_cut=0,
    )
    unit = world.orgs["unit_a1"]
    for year, n in ((Y0 - 2, 1), (Y0 - 1, 2), (Y0, 3)):
        for k in range(n):
            filled = year == Y0 - 1 and k == 0
            Vacancy.objects.create(
                post=posts["AN"],
                organisation=unit,
                opened_on=dt.date(year, 1, 10 + k),
                status="filled" if filled else "open",
                closed_on=dt.date(year, 6, 1) if filled else None,
                filled_by=setup["people"]["Bolat"] if filled else None,
            )
    for pid, gender, born in (
        ("R1", "F", dt.date(Y1 - 60, 12, 31)),
        ("R2", "M", dt.date(Y2 - 63, 6, 15)),
    ):
        someone = employee_create(
            actor=admin,
            personal_id=pid,
            last_name=pid,
            first_name="Test",
            birth_date=born,
            gender=gender,
            organisation=unit,
        )
        assignment_create(
            actor=admin, employee=someone, post=posts["SEC"], start_date=dt.date(2020, 1, 1)
        )
    people = setup["people"]
    for name, expires in (
        ("Bolat", TODAY + dt.timedelta(days=400)),
        ("Cara", dt.date(Y1, 1, 1)),
        ("Dias", TODAY - dt.timedelta(days=1)),
    ):
        ReserveEntry.objects.create(
            employee=people[name],
            organisation=world.orgs["body_a"],
            post_group="C-4",
            source="nomination",
            started_on=dt.date(Y0, 1, 1),
            expires_on=expires,
            status="active",
        )
    contest = Contest.objects.create(
        organisation=world.orgs["body_a"],
        title="Digital talents",
        applications_open=TODAY - dt.timedelta(days=90),
        applications_close=TODAY - dt.timedelta(days=60),
        screening_close=TODAY - dt.timedelta(days=50),
        scoring_close=TODAY - dt.timedelta(days=30),
        final_on=TODAY - dt.timedelta(days=20),
        results_on=TODAY - dt.timedelta(days=10),
        post_group="C-4",
    )
    category = Category.objects.create(contest=contest, code="G", name="General")
    for k, (who, outcome) in enumerate(
        (("employee_a1", "finalist"), ("manager_a1", "winner"), ("auditor", "participant"))
    ):
        Application.objects.create(
            contest=contest,
            category=category,
            applicant=world.users[who],
            title=f"Project {k}",
            summary="…",
            submitted_at=timezone.now(),
            outcome=outcome,
        )
    course = setup["course"]
    for who, ends, status in (
        ("Aliya", dt.date(Y1, 3, 1), "enrolled"),
        ("Erzhan", dt.date(Y2, 6, 1), "enrolled"),
        ("Gani", dt.date(Y1, 3, 1), "completed"),
    ):
        session = Session.objects.create(course=course, starts_on=TODAY, ends_on=ends, capacity=10)
        Enrolment.objects.create(employee=people[who], session=session, status=status)
    for org, inst, year, fam, count in (
        ("body_a", "KazNU", Y0 - 1, "T:A", 10),
        ("body_a", "KazNU", Y0, "T:A", 14),
        ("unit_a1", "IT Lyceum 1", Y1, "T:S", 5),
        ("body_b", "Elsewhere", Y1, "T:A", 1000),
    ):
        graduates.graduates_create(
            actor=admin,
            organisation=world.orgs[org],
            institution=inst,
            year=year,
            family=fam,
            count=count,
        )
    return {**setup, "v2": v2, "so": so}


def _lines(fam: Any) -> dict[str, list[Decimal]]:
    return {k: [Decimal(v) for v in values] for k, values in fam.lines.items()}


def test_every_line_of_every_family(small: dict[str, Any], world: Any) -> None:
    result = demand.forecast(world.orgs["body_a"], 3)
    assert result.years == [Y1, Y2, Y3]
    assert result.base_years == [Y0 - 3, Y0 - 2, Y0 - 1]
    by = {f.key: f for f in result.families}
    assert list(by) == ["T:A", "T:S", ""]
    a, s, none = by["T:A"], by["T:S"], by[""]
    assert _lines(a) == {
        "planned": [1, 0, 0],
        "vacant": [0, 0, 0],
        "vacancies": [4, 5, 6],
        "retirements": [1, 1, 0],
        "reserve": [2, 0, 0],
        "training": [0, 0, 0],
        "finalists": [2, 0, 0],
        "graduates": [18, 22, 26],
    }
    assert a.demand == [6, 6, 6]
    assert a.supply == [22, 22, 26]
    assert a.gap == [-16, -16, -20]
    assert a.forecast["vacancies"] == [True, True, True]
    assert a.forecast["graduates"] == [True, True, True]
    assert a.opened == {Y0 - 3: 0, Y0 - 2: 1, Y0 - 1: 2}
    assert a.filled == {Y0 - 3: 0, Y0 - 2: 0, Y0 - 1: 1}
    assert _lines(s)["planned"] == [2, 0, 0]
    assert _lines(s)["training"] == [1, 1, 0]
    assert _lines(s)["graduates"] == [5, 5, 5]
    assert s.forecast["graduates"] == [False, True, True]
    assert s.gap == [-4, -6, -5]
    assert _lines(none)["planned"] == [-1, 0, 0]
    assert _lines(none)["vacant"] == [Decimal("1.5"), 0, 0]
    assert none.gap == [Decimal("0.5"), 0, 0]
    assert result.total.gap == [Decimal("-19.5"), -22, -25]
    assert a.name == "T:A Analysis"
    assert none.name == "Not classified"


def test_changes_and_retirements_due_later_this_year_count_in_the_first(
    small: dict[str, Any], world: Any
) -> None:
    """Seen on 1 February of Y0+1: version 2 (in force from 1 March) and both people on SEC
    (reaching the age in Y0+1, and in Y0+2 — the horizon's first year) fall in that first
    year, not in none."""
    result = demand.forecast(world.orgs["body_a"], 3, today=dt.date(Y1, 2, 1))
    assert result.years == [Y2, Y3, Y0 + 4]
    by = {f.key: f for f in result.families}
    assert _lines(by["T:A"])["planned"] == [1, 0, 0]
    assert _lines(by["T:S"])["planned"] == [2, 0, 0]
    assert _lines(by["T:A"])["retirements"] == [2, 0, 0]


def test_retirements_need_the_personal_class_over_the_organisation(
    small: dict[str, Any], world: Any
) -> None:
    """Retirements count people by age: a reader without personal data over the body gets
    the forecast without them, and the method says so."""
    from cadre.staffing import selectors

    body = world.orgs["body_a"]
    assert selectors.sees_ages(world.users["hr_a"], body)
    assert not selectors.sees_ages(world.users["manager_a1"], body)
    assert not selectors.sees_ages(world.users["hr_b"], body)
    result = demand.forecast(body, 3, ages=False)
    assert result.ages is False
    a = {f.key: f for f in result.families}["T:A"]
    assert _lines(a)["retirements"] == [0, 0, 0]
    assert a.demand == [5, 5, 6]
    assert demand.method_text(ages=False).endswith(
        "Retirements are counted only for readers granted personal data over this "
        "organisation: they are left out here."
    )
    assert "left out" not in demand.method_text()


def test_a_shorter_horizon_and_one_family(small: dict[str, Any], world: Any) -> None:
    result = demand.forecast(world.orgs["body_a"], 1, family="T:S")
    assert result.years == [Y1]
    assert [(f.key, f.demand, f.supply, f.gap) for f in result.families] == [
        ("T:S", [2], [6], [-4])
    ]


def test_the_other_body_sees_only_its_own(small: dict[str, Any], world: Any) -> None:
    result = demand.forecast(world.orgs["body_b"], 3)
    assert [(f.key, _lines(f)["graduates"]) for f in result.families] == [
        ("T:A", [1000, 1000, 1000])
    ]


def test_the_trend() -> None:
    assert demand.trend({2024: 1, 2025: 2, 2026: 3}, 2028) == 5
    assert demand.trend({2024: 6, 2025: 3, 2026: 0}, 2027) == 0  # never below zero
    assert demand.trend({2026: 7}, 2029) == 7
    assert demand.trend({2025: 1, 2026: 2}, 2027) == 3
    assert demand.trend({2024: 1, 2025: 1, 2026: 2}, 2027) == 2  # 2.17 rounds to 2
    assert demand.trend({}, 2027) == 0


@pytest.mark.parametrize("value", ["0", "4", "x", "-1", "1.5"])
def test_a_horizon_outside_one_to_three_is_refused(value: str) -> None:
    from cadre.core.errors import ApplicationError

    with pytest.raises(ApplicationError) as refused:
        demand.parse_horizon(value)
    assert refused.value.errors == {"horizon": [f"The horizon is 1, 2 or 3 years (got “{value}”)."]}


# --- the page -------------------------------------------------------------------------


def test_the_page_explains_every_figure(small: dict[str, Any], world: Any, as_user: Any) -> None:
    body = as_user("hr_a").get("/staffing/demand/").content.decode()
    assert "Workforce demand: Body A" in body
    assert "least-squares line" in body
    for label in (
        "Posts planned",
        "Units vacant now",
        "Vacancies expected at the current pace",
        "Reaching retirement age",
        "Talent reserve",
        "Training completing",
        "Contest winners and finalists",
        "Graduates of partner institutions",
    ):
        assert label in body
    assert '<th scope="row">Gap (demand − supply)</th><td class="num">-16</td>' in body
    assert f"Vacancies opened: {Y0 - 3}: 0; {Y0 - 2}: 1; {Y0 - 1}: 2" in body
    assert 'id="chart-gap"' in body
    assert "<script>" not in body


def test_the_page_one_year(small: dict[str, Any], world: Any, as_user: Any) -> None:
    org = world.orgs["body_a"].pk
    body = as_user("hr_a").get(f"/staffing/demand/?org={org}&horizon=1").content.decode()
    assert f'<th scope="col" class="num">{Y1}</th>' in body
    assert f'<th scope="col" class="num">{Y2}</th>' not in body
    assert '<th scope="row">Graduates of partner institutions</th><td class="num">18*</td>' in body


def test_the_page_exports_xlsx(small: dict[str, Any], world: Any, as_user: Any) -> None:
    from openpyxl import load_workbook

    response = as_user("hr_a").get("/staffing/demand/?horizon=2&export=xlsx")
    assert response.status_code == 200
    sheet: Any = load_workbook(BytesIO(response.content)).active
    rows = [tuple(r) for r in sheet.iter_rows(values_only=True)]
    assert rows[3] == ("Competency family", None, "Line", Y1, Y2)
    assert ("T:A Analysis", "Gap", "Demand − supply", -16, -16) in rows
    assert ("T:S Security", "Supply", "Training completing", 1, 1) in rows


def test_the_chart_data_as_csv(small: dict[str, Any], world: Any, as_user: Any) -> None:
    response = as_user("hr_a").get("/staffing/demand/?horizon=1&export=chart-gap")
    lines = response.content.decode("utf-8-sig").splitlines()
    assert lines[0] == "Competency family,Year,Demand,Supply,Gap"
    assert f"T:A Analysis,{Y1},6,22,-16" in lines
    assert f"Not classified,{Y1},0.5,0,0.5" in lines


def test_out_of_scope_is_refused_with_its_reason(
    small: dict[str, Any], world: Any, as_user: Any
) -> None:
    response = as_user("hr_b").get(f"/staffing/demand/?org={world.orgs['body_a'].pk}")
    assert response.status_code == 404
    assert "This organisation is not in your scope" in response.content.decode()
    assert "KazNU" not in response.content.decode()
    assert (
        as_user("hr_a").get(f"/staffing/demand/?org={world.orgs['country'].pk}").status_code == 404
    )
    assert as_user("employee_a1").get("/staffing/demand/").status_code == 404


def test_a_bad_horizon_on_the_page(small: dict[str, Any], world: Any, as_user: Any) -> None:
    response = as_user("hr_a").get("/staffing/demand/?horizon=5")
    assert response.status_code == 400
    assert "The horizon is 1, 2 or 3 years." in response.content.decode()


# --- the API --------------------------------------------------------------------------


def test_the_api(small: dict[str, Any], world: Any, api_as: Any) -> None:
    org = world.orgs["body_a"].pk
    response = api_as("hr_a").get(f"/api/v1/workforce-demand/?org={org}&horizon=2&family=T:S")
    assert response.status_code == 200
    body = response.json()
    assert body["organisation"] == org
    assert body["years"] == [Y1, Y2]
    assert [
        (
            r["year"],
            r["posts_planned"],
            r["training"],
            r["graduates"],
            r["graduates_is_trend"],
            r["demand"],
            r["supply"],
            r["gap"],
        )
        for r in body["rows"]
    ] == [(Y1, 2.0, 1.0, 5.0, False, 2.0, 6.0, -4.0), (Y2, 0.0, 1.0, 5.0, True, 0.0, 6.0, -6.0)]
    one = api_as("hr_a").get(f"/api/v1/workforce-demand/?horizon=3&year={Y3}&family=T:A").json()
    assert [(r["year"], r["vacancies_expected"], r["gap"]) for r in one["rows"]] == [
        (Y3, 6.0, -20.0)
    ]


def test_the_api_refuses(small: dict[str, Any], world: Any, api_as: Any) -> None:
    client = api_as("hr_b")
    out = client.get(f"/api/v1/workforce-demand/?org={world.orgs['body_a'].pk}")
    assert out.status_code == 404
    assert "This organisation is not in your scope" in out.content.decode()
    bad = client.get("/api/v1/workforce-demand/?horizon=4")
    assert bad.status_code == 400
    assert "The horizon is 1, 2 or 3 years" in bad.content.decode()
    assert "horizon" in bad.content.decode()
    year = api_as("hr_a").get(f"/api/v1/workforce-demand/?horizon=1&year={Y3}")
    assert year.status_code == 400
    assert "Choose a year of the horizon" in year.content.decode()


# --- graduate figures -------------------------------------------------------------------


def test_graduate_figures_through_the_api(small: dict[str, Any], world: Any, api_as: Any) -> None:
    client = api_as("hr_a")
    org = world.orgs["body_a"].pk
    good = {"organisation": org, "institution": "AITU", "year": Y1, "family": "T:S", "count": 40}
    created = client.post("/api/v1/graduate-figures/", good, format="json")
    assert created.status_code == 201, created.content
    assert GraduateSupply.objects.get(institution="AITU").count == 40
    again = client.post("/api/v1/graduate-figures/", good, format="json")
    assert again.status_code == 400
    assert "already has a figure for this year and family" in again.content.decode()
    for field, value, message in (
        ("count", -1, "greater than or equal to 0"),
        ("count", 2.5, "valid integer"),
        ("year", 1900, "The year is from 2000"),
        ("family", "T:ZZ", "is not a competency family"),
    ):
        answer = client.post(
            "/api/v1/graduate-figures/", {**good, "institution": "X", field: value}, format="json"
        )
        assert answer.status_code == 400, (field, value)
        assert (
            field in answer.json().get("errors", answer.json()) or field in answer.content.decode()
        )
        assert message in answer.content.decode(), answer.content
    theirs = api_as("hr_b").post(
        "/api/v1/graduate-figures/", {**good, "institution": "Y"}, format="json"
    )
    assert theirs.status_code == 400
    assert not GraduateSupply.objects.filter(institution__in=["X", "Y"]).exists()
    listed = api_as("hr_b").get("/api/v1/graduate-figures/").json()
    assert [r["institution"] for r in listed["results"]] == ["Elsewhere"]


def test_graduate_figures_through_the_pages(
    small: dict[str, Any], world: Any, as_user: Any
) -> None:
    client = as_user("hr_a")
    org = world.orgs["unit_a1"].pk
    form = {
        "organisation": org,
        "institution": "College 2",
        "year": Y2,
        "family": "T:A",
        "count": "7",
    }
    done = client.post("/staffing/graduates/add/", form)
    assert done.status_code == 302
    figure = GraduateSupply.objects.get(institution="College 2")
    assert (figure.year, figure.family, figure.count) == (Y2, "T:A", 7)
    refused = client.post("/staffing/graduates/add/", {**form, "count": "-3"})
    assert refused.status_code == 400
    assert "Ensure this value is greater than or equal to 0." in refused.content.decode()
    twin = client.post("/staffing/graduates/add/", form)
    assert twin.status_code == 400
    assert GraduateSupply.objects.filter(institution="College 2").count() == 1
    assert "already has a figure for this year and family" in twin.content.decode()
    listed = client.get("/staffing/graduates/").content.decode()
    assert "College 2" in listed and "Elsewhere" not in listed
