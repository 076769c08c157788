"""Staffing through its pages and API: a version's page with its figures and lines, pay
hidden from a manager, Т-3 downloads, approval by order with its file, a restricted act,
a scenario computed as a job, approved by another person, compared and applied."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from cadre.core.choices import JobStatus
from cadre.core.models import Job
from cadre.core.services import job_execute
from cadre.core.testing.world import World
from cadre.staffing.models import Scenario, StaffingLine, StaffingTable
from cadre.staffing.services import limits, tables

pytestmark = pytest.mark.django_db


def test_the_version_page_shows_figures_and_hides_pay_from_a_manager(
    world: World, setup: dict[str, Any], as_user: Any
) -> None:
    url = setup["table"].get_absolute_url()
    page = as_user("hr_a").get(url).content.decode()
    assert "Analyst" in page and "300000.00 KZT" in page and "Vacancies" in page
    manager = as_user("manager_a1").get(url)
    assert manager.status_code == 200
    assert "Analyst" in manager.content.decode() and "300000" not in manager.content.decode()
    assert as_user("hr_b").get(url).status_code == 404


def test_t3_from_the_page_and_the_api(
    world: World, setup: dict[str, Any], as_user: Any, api_as: Any
) -> None:
    from openpyxl import load_workbook

    table = setup["table"]
    response = as_user("hr_a").get(f"/staffing/{table.pk}/t3/")
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="T-3-BODY_A-v1.xlsx"'
    sheet: Any = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[-1][3] == 8.5
    csv = api_as("manager_a1").get(f"/api/v1/staffing-tables/{table.pk}/t3/?as=csv")
    assert csv.status_code == 200
    assert "Analyst, C-4" in csv.content.decode("utf-8-sig")
    assert "1400000" not in csv.content.decode("utf-8-sig")
    bad = api_as("hr_a").get(f"/api/v1/staffing-tables/{table.pk}/t3/?as=pdf")
    assert bad.status_code == 400


def test_a_draft_filled_and_approved_through_the_api(
    world: World, setup: dict[str, Any], api_as: Any
) -> None:
    client = api_as("hr_a")
    created = client.post(
        "/api/v1/staffing-tables/",
        {
            "organisation": world.orgs["body_a"].pk,
            "effective_from": "2026-10-01",
            "copy_from": setup["table"].pk,
        },
        format="json",
    )
    assert created.status_code == 201, created.json()
    pk = created.json()["id"]
    line = StaffingLine.objects.get(table_id=pk, post=setup["posts"]["CL"])
    refused = client.patch(f"/api/v1/staffing-lines/{line.pk}/", {"units": "1.1"}, format="json")
    assert refused.status_code == 400
    assert refused.json()["errors"][0]["field"] == "units"
    assert (
        client.patch(
            f"/api/v1/staffing-lines/{line.pk}/", {"units": "1.75"}, format="json"
        ).status_code
        == 200
    )
    too_big = SimpleUploadedFile("order.pdf", b"%PDF" + b"0" * (10 * 1024 * 1024))
    answer = client.post(
        f"/api/v1/staffing-tables/{pk}/approve/",
        {"order_number": "44-ш", "order_date": "2026-09-20", "order_file": too_big},
        format="multipart",
    )
    assert answer.status_code == 400
    assert answer.json()["errors"][0]["message"] == "The order file is larger than 10 MB."
    assert StaffingTable.objects.get(pk=pk).status == "draft"
    pdf = SimpleUploadedFile("order.pdf", b"%PDF-1.4 order")
    answer = client.post(
        f"/api/v1/staffing-tables/{pk}/approve/",
        {"order_number": "44-ш", "order_date": "2026-09-20", "order_file": pdf},
        format="multipart",
    )
    assert answer.status_code == 200, answer.json()
    assert (answer.json()["status"], answer.json()["order_file"]) == ("approved", True)
    assert client.get(f"/api/v1/staffing-tables/{setup['table'].pk}/").json()["effective_to"] == (
        "2026-09-30"
    )


def test_a_restricted_act_is_hidden_from_the_hr_officer(
    world: World, setup: dict[str, Any], as_user: Any, api_as: Any
) -> None:
    limit = limits.limit_create(
        actor=world.users["admin"],
        organisation=world.orgs["body_a"],
        effective_from=dt.date(2026, 2, 1),
        headcount=Decimal(9),
        payroll=Decimal(3_000_000),
        currency="KZT",
        act_title="Resolution 5",
        act_number="5",
        act_date=dt.date(2026, 1, 20),
        act_text="Classified reasons",
        restricted=True,
    )
    page = as_user("hr_a").get(limit.get_absolute_url()).content.decode()
    assert "Restricted: you may not read this act." in page
    assert "Classified reasons" not in page
    assert api_as("hr_a").get(f"/api/v1/staffing-limits/{limit.pk}/").json()["act_text"] == ""
    assert "Classified reasons" in as_user("admin").get(limit.get_absolute_url()).content.decode()
    # The payroll limit is pay data: the auditor reads the limit without it.
    row = api_as("auditor").get(f"/api/v1/staffing-limits/{limit.pk}/").json()
    assert "payroll" not in row and row["headcount"] == "9.00"


def test_a_scenario_from_the_api_to_a_new_version(
    world: World, setup: dict[str, Any], api_as: Any, as_user: Any
) -> None:
    hr = api_as("hr_a")
    created = hr.post(
        "/api/v1/staffing-scenarios/",
        {
            "organisation": world.orgs["body_a"].pk,
            "title": "Minus 4.5",
            "mode": "optimise",
            "cut_units": "4.5",
            "keep_coverage": False,
        },
        format="json",
    )
    assert created.status_code == 201, created.json()
    pk = created.json()["id"]
    started = hr.post(f"/api/v1/staffing-scenarios/{pk}/compute/")
    assert started.status_code == 202
    job = Job.objects.get(kind="staffing.scenario_compute")
    assert job_execute(job_id=str(job.pk)) == JobStatus.SUCCEEDED
    job.refresh_from_db()
    assert job.result == {
        "scenario": pk,
        "units_saved": "4.5",
        "people_affected": 3,
        "below_minimum": 0,
    }
    own = hr.post(f"/api/v1/staffing-scenarios/{pk}/approve/", {}, format="json")
    assert own.status_code == 400
    assert own.json()["errors"][0]["message"] == (
        "A scenario is approved by someone other than its author."
    )
    home = as_user("admin").get("/").content.decode()
    assert "Headcount scenarios to approve" in home
    approved = api_as("admin").post(
        f"/api/v1/staffing-scenarios/{pk}/approve/",
        {"reason": "Agreed with the ministry"},
        format="json",
    )
    assert approved.status_code == 200 and approved.json()["status"] == "approved"
    applied = hr.post(
        f"/api/v1/staffing-scenarios/{pk}/apply/", {"effective_from": "2026-11-01"}, format="json"
    )
    assert applied.status_code == 200, applied.json()
    assert [t["number"] for t in applied.json()] == [2]
    # Scenarios side by side, and the scenario's page with what it costs.
    rules = Scenario.objects.create(
        organisation=world.orgs["body_a"],
        title="Rules",
        mode="rules",
        cut_units=Decimal(1),
        created_by=world.users["hr_a"],
    )
    page = as_user("hr_a").get(f"/staffing/scenarios/compare/?id={pk}&id={rules.pk}")
    assert page.status_code == 200
    text = page.content.decode()
    assert "Minus 4.5" in text and "Not computed yet." in text
    detail = as_user("hr_a").get(f"/staffing/scenarios/{pk}/").content.decode()
    assert "What the cut costs" in detail and "1350000 KZT" in detail


def test_a_scenario_page_flow(world: World, setup: dict[str, Any], as_user: Any) -> None:
    client = as_user("hr_a")
    response = client.post(
        "/staffing/scenarios/add/",
        {
            "organisation": world.orgs["body_a"].pk,
            "title": "A quarter",
            "mode": "rules",
            "cut_percent": "25",
            "vacant_first": "on",
            "protect_digital_leads": "on",
            "min_holders": "1",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    scenario = Scenario.objects.get(title="A quarter")
    computed = client.post(f"/staffing/scenarios/{scenario.pk}/compute/")
    job = Job.objects.get(kind="staffing.scenario_compute")
    assert computed["Location"] == f"/jobs/{job.pk}/"
    job_execute(job_id=str(job.pk))
    scenario.refresh_from_db()
    # 25 % of 8.5 units is 2.125, rounded up to 2.25: the 1.5 vacant units and Bolat.
    assert (scenario.results["units_target"], scenario.results["units_saved"]) == ("2.25", "2.5")
    refused = client.post(
        f"/staffing/scenarios/{scenario.pk}/apply/", {"effective_from": "2026-12-01"}
    )
    assert refused.status_code == 302
    assert StaffingTable.objects.count() == 1


def test_adding_a_line_on_the_page_refuses_a_fraction(
    world: World, setup: dict[str, Any], as_user: Any
) -> None:
    draft = tables.table_create(
        actor=world.users["admin"],
        organisation=world.orgs["body_a"],
        effective_from=dt.date(2027, 1, 1),
    )
    client = as_user("hr_a")
    response = client.post(
        f"/staffing/{draft.pk}/lines/",
        {
            "post": setup["posts"]["AN"].pk,
            "units": "0.4",
            "salary": "100",
            "supplements": "0",
            "currency": "KZT",
            "functions": "analysis",
        },
        follow=True,
    )
    assert "Staff units are counted in quarters: 0.4 is not a multiple of 0.25." in (
        response.content.decode()
    )
    assert not draft.lines.exists()
    client.post(
        f"/staffing/{draft.pk}/lines/",
        {
            "post": setup["posts"]["AN"].pk,
            "units": "0.5",
            "salary": "100",
            "supplements": "0",
            "currency": "KZT",
            "functions": "analysis, digital",
        },
    )
    assert list(draft.lines.values_list("units", "functions")) == [
        (Decimal("0.50"), ["analysis", "digital"])
    ]
