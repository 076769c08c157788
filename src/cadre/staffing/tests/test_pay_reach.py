"""Pay figures of a staffing table follow the pay class *over that table's body*: a user who
is HR officer in one body and manager in another sees salaries in the first only; an
auditor (every model, no pay class) reads a scenario through the API without the payroll it
saves."""

from __future__ import annotations

from typing import Any

import pytest

from cadre.accounts import services as account_services
from cadre.accounts.choices import Role
from cadre.core.choices import JobStatus
from cadre.core.models import Job
from cadre.core.services import job_execute
from cadre.core.testing.world import World

pytestmark = pytest.mark.django_db


def test_hr_of_one_body_and_manager_of_another_sees_salaries_in_its_own_body_only(
    world: World, setup: dict[str, Any], as_user: Any, api_as: Any
) -> None:
    admin = world.users["admin"]
    # hr_b is HR officer of body B; made manager of unit A1 too, they may read body A's table.
    account_services.role_assignment_create(
        actor=admin, user=world.users["hr_b"], role=Role.MANAGER, organisation=world.orgs["unit_a1"]
    )
    table = setup["table"]
    page = as_user("hr_b").get(table.get_absolute_url())
    assert page.status_code == 200
    assert "Analyst" in page.content.decode() and "300000" not in page.content.decode()
    csv = api_as("hr_b").get(f"/api/v1/staffing-tables/{table.pk}/t3/?as=csv")
    assert csv.status_code == 200 and "1400000" not in csv.content.decode("utf-8-sig")
    # As HR officer of body A, the same page shows them.
    assert "300000.00 KZT" in as_user("hr_a").get(table.get_absolute_url()).content.decode()


def test_an_auditor_reads_a_scenario_without_the_payroll_it_saves(
    world: World, setup: dict[str, Any], api_as: Any
) -> None:
    hr_client = api_as("hr_a")
    created = hr_client.post(
        "/api/v1/staffing-scenarios/",
        {
            "organisation": world.orgs["body_a"].pk,
            "title": "Minus one",
            "mode": "rules",
            "cut_units": "1",
            "keep_coverage": False,
        },
        format="json",
    )
    assert created.status_code == 201, created.json()
    pk = created.json()["id"]
    assert hr_client.post(f"/api/v1/staffing-scenarios/{pk}/compute/").status_code == 202
    job = Job.objects.get(kind="staffing.scenario_compute")
    assert job_execute(job_id=str(job.pk)) == JobStatus.SUCCEEDED
    hr = api_as("hr_a").get(f"/api/v1/staffing-scenarios/{pk}/").json()
    assert hr["results"]["payroll_saved"]
    auditor = api_as("auditor").get(f"/api/v1/staffing-scenarios/{pk}/")
    assert auditor.status_code == 200
    assert "payroll_saved" not in auditor.json()["results"]
    assert auditor.json()["results"]["units_saved"] == hr["results"]["units_saved"]
    listed = api_as("auditor").get("/api/v1/staffing-scenarios/").json()["results"]
    assert all("payroll_saved" not in row["results"] for row in listed)
