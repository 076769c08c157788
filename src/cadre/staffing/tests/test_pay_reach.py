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


def test_pay_fields_of_lines_and_limits_follow_the_body_where_the_class_is_held(
    world: World, setup: dict[str, Any], api_as: Any
) -> None:
    """hr_b holds the pay class in body B; as manager of unit A1 they read body A's lines
    and as auditor of body A its limits, without their salaries and payroll (decision
    0045), while B's own come with them — in one list, and on each row."""
    import datetime as dt
    from decimal import Decimal

    from cadre.staffing.services import limits, tables
    from cadre.staffing.tests.conftest import a_post

    admin = world.users["admin"]
    hr_b = world.users["hr_b"]
    for role, where in ((Role.MANAGER, "unit_a1"), (Role.AUDITOR, "body_a")):
        account_services.role_assignment_create(
            actor=admin, user=hr_b, role=role, organisation=world.orgs[where]
        )
    b_table = tables.table_create(
        actor=admin, organisation=world.orgs["body_b"], effective_from=dt.date(2026, 1, 1)
    )
    b_line = tables.line_create(
        actor=admin,
        table=b_table,
        post=a_post(world, "BX", "Inspector", unit="unit_b1"),
        units="1",
        salary=Decimal(777000),
        supplements=Decimal(11000),
        currency="KZT",
    )
    a_line = setup["lines"]["AN"]
    for org, payroll in (("body_a", 9100000), ("body_b", 8200000)):
        limits.limit_create(
            actor=admin,
            organisation=world.orgs[org],
            effective_from=dt.date(2026, 1, 1),
            headcount=Decimal(50),
            payroll=Decimal(payroll),
            currency="KZT",
            act_title="Decree",
            act_number="1",
            act_date=dt.date(2025, 12, 1),
        )
    client = api_as("hr_b")
    lines = {
        r["id"]: r for r in client.get("/api/v1/staffing-lines/?page_size=100").json()["results"]
    }
    assert (lines[b_line.pk]["salary"], lines[b_line.pk]["supplements"]) == (
        "777000.00",
        "11000.00",
    )
    assert lines[a_line.pk]["units"] == "4.00"
    assert "salary" not in lines[a_line.pk] and "supplements" not in lines[a_line.pk]
    # ordered by salary, A's lines (200000 to 500000) would come before B's 777000: unseen,
    # they come last
    ordered = client.get("/api/v1/staffing-lines/?ordering=salary&page_size=100").json()
    assert ordered["results"][0]["id"] == b_line.pk
    ordered = api_as("admin").get("/api/v1/staffing-lines/?ordering=salary&page_size=100").json()
    assert ordered["results"][-1]["id"] == b_line.pk
    detail = client.get(f"/api/v1/staffing-lines/{a_line.pk}/").json()
    assert detail["units"] == "4.00" and "salary" not in detail
    assert client.get(f"/api/v1/staffing-lines/{b_line.pk}/").json()["salary"] == "777000.00"
    limits_seen = {
        r["organisation"]: r for r in client.get("/api/v1/staffing-limits/").json()["results"]
    }
    assert limits_seen[world.orgs["body_b"].pk]["payroll"] == "8200000.00"
    assert "payroll" not in limits_seen[world.orgs["body_a"].pk]
    assert limits_seen[world.orgs["body_a"].pk]["headcount"] == "50.00"
    # hr_a holds the class over body A: A's salary is theirs to read
    assert api_as("hr_a").get(f"/api/v1/staffing-lines/{a_line.pk}/").json()["salary"] == (
        "300000.00"
    )
