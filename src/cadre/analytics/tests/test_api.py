"""The analytics API through HTTP: a dashboard's figures, the evenness of the measures and
reports — the same figures as the selectors give the pages, the same scope, bad queries
refused naming the parameter."""

from __future__ import annotations

import datetime as dt
import io
import math

import pytest
from openpyxl import load_workbook

from cadre.accounts import services as account_services
from cadre.analytics import dashboard, selectors, services
from cadre.analytics.choices import Measure
from cadre.analytics.models import Report
from cadre.core.choices import Role
from cadre.core.testing.world import PASSWORD

pytestmark = pytest.mark.django_db
MAY = dt.date(2026, 5, 1)
EVENNESS = "/api/v1/analytics/evenness/"
REPORTS = "/api/v1/analytics/reports/"


@pytest.fixture
def snap(regions):
    services.snapshot_take(period=MAY)
    return regions


@pytest.fixture
def api(api_as):
    def make(username: str):
        client = api_as(username)
        client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
        return client

    return make


def dashboard_of(client, org):
    return client.get(f"/api/v1/analytics/dashboards/{org.pk}/")


def test_a_dashboard_has_the_pages_figures(snap, api):
    o, admin = snap.orgs, snap.users["admin"]
    got = dashboard_of(api("admin"), o["country"])
    assert got.status_code == 200, got.content
    body = got.json()
    board = dashboard.build(admin, o["country"])
    assert (body["organisation"], body["scale"], body["period"]) == (
        o["country"].pk,
        "country",
        "2026-05",
    )
    assert body["registry"] == {
        "headcount": board.registry.headcount,
        "it_headcount": board.registry.it_headcount,
        "it_without_it_specialty": board.registry.it_without_it_specialty,
        "it_units": board.registry.it_units,
        "positions": board.registry.positions,
        "vacancies": board.registry.vacancies,
    }
    parts = {p["organisation_name"]: (p["headcount"], p["it_headcount"]) for p in body["parts"]}
    assert parts["North"] == (3, 3) and parts["South"] == (2, 1)
    measures = {m["measure"]: m["value"] for m in body["measures"]}
    assert measures == selectors.measure_totals(admin, o["country"], MAY)
    assert measures["it_qualified"] == 0.5  # 2 qualified of 4 IT staff in bodies under regions
    assert measures["it_per_unit"] == 4 / 3  # 4 IT staff over 3 bodies
    assert body["measures"][0]["name"] == "Share of IT staff qualified"
    assert body["targets_count"] == 0 and body["bonus_funds"] == [] and body["ratings"] == []


def test_the_ethics_figures_only_to_whoever_sees_them(snap, api):
    o = snap.orgs
    officer = account_services.user_create(
        actor=snap.users["admin"], username="ethics_n", password=PASSWORD
    )
    account_services.role_assignment_create(
        actor=snap.users["admin"], user=officer, role=Role.ETHICS_OFFICER, organisation=o["body_n1"]
    )
    snap.users["ethics_n"] = officer
    theirs = dashboard_of(api("ethics_n"), o["body_n1"])
    assert theirs.status_code == 200
    assert theirs.json()["ethics"] == {
        "declarations": 0,
        "due": 0,
        "overdue": 0,
        "cases": 0,
        "undecided": 0,
        "outcomes": [],
        "sanctions": [],
        "median_days": None,
    }
    for name in ("admin", "hr_n"):  # neither sees the ethics data class: no trace of it
        mine = dashboard_of(api(name), o["body_n1"])
        assert mine.status_code == 200
        assert "ethics" not in mine.json()
        assert mine.json()["registry"]["headcount"] == 3


def test_a_dashboard_out_of_scope_is_not_found_and_without_the_grant_forbidden(snap, api):
    o = snap.orgs
    hr = api("hr_n")
    out = dashboard_of(hr, o["body_s1"])
    assert out.status_code == 404
    assert out.json()["errors"][0]["message"].startswith("This organisation is not in your scope")
    assert dashboard_of(hr, o["country"]).status_code == 404
    assert hr.get("/api/v1/analytics/dashboards/99999999/").status_code == 404
    assert hr.get(f"/api/v1/analytics/dashboards/{2**70}/").status_code == 404
    assert dashboard_of(api("employee_a1"), o["body_a"]).status_code == 403
    assert api("employee_a1").get(EVENNESS).status_code == 403


def test_evenness_figures_equal_the_selectors(snap, api):
    o, admin = snap.orgs, snap.users["admin"]
    c = o["country"]
    got = api("admin").get(f"{EVENNESS}?organisation={c.pk}&measure=it_qualified&period=2026-05")
    assert got.status_code == 200, got.content
    body = got.json()
    assert (body["organisation"], body["period"], body["periods"]) == (c.pk, "2026-05", ["2026-05"])
    [m] = body["measures"]
    # North: 2 of 3 IT staff qualified; South: body S1 with 1 IT staff, nobody qualified;
    # body S2 has no IT staff (no value).
    assert m["regions_compared"] == 2 and m["units"] == 2
    assert (m["units_with_none"], m["units_without_data"]) == (1, 1)
    assert m["cv"] == pytest.approx(1.0) and m["gini"] == pytest.approx(0.5)
    assert m["max_min"] is None  # the lowest region is at 0
    assert m["theil"] == pytest.approx(math.log(4 / 3), abs=1e-12)
    assert m["theil_between"] == pytest.approx(math.log(4 / 3), abs=1e-12)
    assert m["theil_within"] == 0.0
    result = selectors.evenness_of(admin, c, Measure.IT_QUALIFIED, MAY).result
    assert result is not None
    assert (m["cv"], m["gini"], m["theil"], m["theil_between"], m["theil_within"], m["value"]) == (
        result.spread.cv,
        result.spread.gini,
        result.theil,
        result.between,
        result.within,
        result.value,
    )
    assert [(r["region_name"], r["value"], r["units_with_none"]) for r in m["regions"]] == [
        ("North", 2 / 3, 0),
        ("South", 0.0, 1),
    ]
    north = m["regions"][0]
    assert (north["region"], north["numerator"], north["denominator"]) == (o["north"].pk, 2.0, 3.0)
    assert (north["share"], north["weight"], north["theil"]) == (1.0, 0.75, 0.0)


def test_evenness_of_every_measure_by_default_and_of_all_countries(snap, api):
    admin = api("admin")
    body = admin.get(f"{EVENNESS}?measure=").json()  # the highest organisation, the newest period
    assert body["organisation_name"] == "Country" and body["period"] == "2026-05"
    assert [m["measure"] for m in body["measures"]] == list(Measure.values)
    per_unit = admin.get(f"{EVENNESS}?organisation=0&measure=it_per_unit").json()
    assert per_unit["organisation_name"] == "All countries"
    mine = api("hr_n").get(f"{EVENNESS}?organisation=0&measure=it_per_unit").json()
    assert [(r["region_name"], r["value"]) for r in mine["measures"][0]["regions"]] == [
        ("North", 3.0)
    ]


def test_evenness_before_any_snapshot_has_no_figures(regions, api):
    body = api("admin").get(f"{EVENNESS}?measure=training").json()
    assert body["period"] is None and body["periods"] == []
    [m] = body["measures"]
    assert (m["cv"], m["theil"], m["units"], m["regions"]) == (None, None, 0, [])


def test_bad_evenness_queries_are_refused_naming_the_parameter(snap, api):
    admin = api("admin")

    def errors(query: str) -> list[tuple[str, str]]:
        got = admin.get(f"{EVENNESS}?{query}")
        assert got.status_code == 400, got.content
        return [(e["field"], e["message"]) for e in got.json()["errors"]]

    assert errors("measure=happiness") == [("measure", "Unknown measure “happiness”.")]
    assert errors("period=1999-01&measure=x") == [
        ("measure", "Unknown measure “x”."),
        ("period", "No figures for the period “1999-01”: choose a month that has a snapshot."),
    ]
    assert errors("period=2026-13")[0][0] == "period"
    assert errors("organisation=north") == [("organisation", "Not a whole number.")]
    out = api("hr_n").get(f"{EVENNESS}?organisation={snap.orgs['south'].pk}")
    assert out.status_code == 404


def test_a_report_requested_made_by_its_job_and_listed_with_its_file(
    snap, api, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.DATA_DIR = tmp_path
    admin = api("admin")
    with django_capture_on_commit_callbacks(execute=True):
        got = admin.post(
            REPORTS,
            {"kind": "regions", "format": "xlsx", "organisation": snap.orgs["country"].pk},
            format="json",
        )
    assert got.status_code == 202, got.content
    body = got.json()
    report = Report.objects.get()
    assert (body["id"], body["kind"], body["organisation_name"]) == (
        report.pk,
        "regions",
        "Country",
    )
    assert body["job"]["kind"] == "analytics.report" and body["file"] is None
    listed = admin.get(REPORTS).json()["results"]
    assert [(r["id"], r["job"]["status"], r["file_name"]) for r in listed] == [
        (report.pk, "succeeded", Report.objects.get().file_name)
    ]
    assert listed[0]["file"] == f"http://testserver{REPORTS}{report.pk}/file/"
    xlsx = admin.get(listed[0]["file"])
    assert xlsx.status_code == 200
    wb = load_workbook(io.BytesIO(b"".join(xlsx.streaming_content)))
    assert wb.worksheets[0]["A1"].value == "Regional comparison: Country"
    # Someone else's report is not found, nor listed.
    hr = api("hr_n")
    assert hr.get(REPORTS).json()["results"] == []
    assert hr.get(f"{REPORTS}{report.pk}/").status_code == 404
    assert hr.get(f"{REPORTS}{report.pk}/file/").status_code == 404


def test_a_bad_report_request_is_refused_and_nothing_recorded(snap, api):
    hr = api("hr_n")
    out = hr.post(
        REPORTS,
        {"kind": "regions", "format": "pdf", "organisation": snap.orgs["country"].pk},
        format="json",
    )
    assert out.status_code == 400
    assert [(e["field"], e["code"]) for e in out.json()["errors"]] == [("organisation", "scope")]
    assert out.json()["errors"][0]["message"].startswith("This organisation is not in your scope")
    bad = hr.post(REPORTS, {"kind": "gossip", "format": "doc", "organisation": "x"}, format="json")
    assert bad.status_code == 400
    assert sorted(e["field"] for e in bad.json()["errors"]) == ["format", "kind", "organisation"]
    huge = hr.post(REPORTS, {"kind": "body", "format": "pdf", "organisation": 2**70}, format="json")
    assert [e["field"] for e in huge.json()["errors"]] == ["organisation"]
    assert Report.objects.count() == 0
    refused = api("employee_a1").post(
        REPORTS,
        {"kind": "body", "format": "pdf", "organisation": snap.orgs["body_a"].pk},
        format="json",
    )
    assert refused.status_code == 403 and Report.objects.count() == 0


def test_the_api_needs_a_signed_in_caller_and_refuses_unknown_fields(snap, api):
    from rest_framework.test import APIClient

    anonymous = APIClient()
    for url in (f"/api/v1/analytics/dashboards/{snap.orgs['country'].pk}/", EVENNESS, REPORTS):
        assert anonymous.get(url).status_code == 401
    data = {"kind": "body", "format": "pdf", "organisation": snap.orgs["body_n1"].pk}
    odd = api("hr_n").post(REPORTS, {**data, "colour": "blue"}, format="json")
    assert odd.status_code == 400
    assert [(e["field"], e["code"]) for e in odd.json()["errors"]] == [("colour", "unknown_field")]
    assert Report.objects.count() == 0


def test_organisation_names_are_the_readers_as_on_the_pages(
    snap, api, api_as, as_user, settings, tmp_path
):
    """Decision 0044: the dashboard, evenness and reports answers name organisations in the
    request's language — the names the pages show — else by their main name."""
    from cadre.orgs import services as org_services

    settings.DATA_DIR = tmp_path
    o, admin = snap.orgs, snap.users["admin"]
    for key, kk in (("country", "Ел"), ("north", "Солтүстік"), ("south", "Оңтүстік")):
        org_services.organisation_update(
            actor=admin, organisation=o[key], names={"kk": kk}, reason="Kazakh name"
        )
    kazakh = api_as("admin")
    kazakh.defaults["HTTP_ACCEPT_LANGUAGE"] = "kk"
    board = dashboard_of(kazakh, o["country"]).json()
    assert board["organisation_name"] == "Ел"
    parts = sorted(p["organisation_name"] for p in board["parts"])
    assert parts == ["Body A", "Body B", "Оңтүстік", "Солтүстік"]  # bodies A, B: no kk name
    even = kazakh.get(f"{EVENNESS}?organisation={o['country'].pk}&measure=it_qualified").json()
    assert even["organisation_name"] == "Ел"
    assert sorted(r["region_name"] for r in even["measures"][0]["regions"]) == [
        "Оңтүстік",
        "Солтүстік",
    ]
    made = kazakh.post(
        REPORTS, {"kind": "regions", "format": "xlsx", "organisation": o["country"].pk}
    )
    assert made.status_code == 202, made.content
    assert made.json()["organisation_name"] == "Ел"
    assert kazakh.get(REPORTS).json()["results"][0]["organisation_name"] == "Ел"
    # The pages show the same names to the same reader.
    page = as_user("admin").get(f"/analytics/{o['country'].pk}/", HTTP_ACCEPT_LANGUAGE="kk")
    text = page.content.decode()
    assert "<h1>Ел</h1>" in text and ">Солтүстік</a>" in text and ">Оңтүстік</a>" in text
    evenness = as_user("admin").get(
        f"/analytics/{o['country'].pk}/evenness/?measure=it_qualified", HTTP_ACCEPT_LANGUAGE="kk"
    )
    assert ">Солтүстік</a>" in evenness.content.decode()
    # Without a name in the reader's language: the main name.
    english = dashboard_of(api("admin"), o["country"]).json()
    assert english["organisation_name"] == "Country"
    parts = sorted(p["organisation_name"] for p in english["parts"])
    assert parts == ["Body A", "Body B", "North", "South"]
