"""Funds, runs, approval, corrections, payroll export and what-if, through the services and
over HTTP: exact amounts, exact refusals, and what was and was not saved."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from openpyxl import load_workbook

from cadre.core.errors import ApplicationError
from cadre.core.models import AuditEvent
from cadre.core.testing import crud
from cadre.core.testing.world import World
from cadre.pay import export, services
from cadre.pay.models import Fund, Rule, Run, RunLine, RunState, Salary

pytestmark = pytest.mark.django_db

# The worked example of docs/pay.md, person by person (A0006 sits in body A itself; B0001
# is in body B, outside the fund).
AMOUNTS = {
    "A0001": 37_528_957,
    "A0002": 7_818_533,
    "A0003": 0,
    "A0004": 15_000_000,
    "A0005": 0,
    "A0006": 9_652_510,
}


def amounts(run: Run) -> dict[str, int]:
    return dict(run.lines.values_list("employee__personal_id", "amount"))


def test_a_run_allocates_the_fund_exactly_as_the_worked_example(world: World, pay: Any) -> None:
    run = services.run_propose(actor=world.users["hr_a"], fund=pay["fund"])
    assert amounts(run) == AMOUNTS
    assert (run.allocated, run.unallocated, run.people, run.paid) == (70_000_000, 0, 6, 4)
    assert str(run.adjustment) == "1.042471042654"
    assert run.state == RunState.PROPOSED
    assert run.parameters["cap_salaries"] == "1.5000"
    line = run.lines.get(employee__personal_id="A0002")
    assert (str(line.months), str(line.proration), line.salary, line.rounding) == (
        "6.00",
        "0.500000",
        15_000_000,
        1,
    )
    assert run.lines.get(employee__personal_id="A0004").capped is True
    assert run.lines.get(employee__personal_id="A0005").reason == 3  # below the minimum months
    assert line.kpi_lines[0]["kpi"] == "DIG-1"
    event = AuditEvent.objects.get(object_type="pay.run", object_id=str(run.pk), action="propose")
    assert event.changes["allocated"] == [None, 70_000_000]


def test_the_proposer_may_not_approve_and_an_approved_run_is_not_changed(
    world: World, pay: Any
) -> None:
    run = services.run_propose(actor=world.users["hr_a"], fund=pay["fund"])
    with pytest.raises(ApplicationError) as refused:
        services.run_approve(actor=world.users["hr_a"], run=run)
    assert str(refused.value) == "You proposed this run; someone else must approve it."
    run.refresh_from_db()
    assert run.state == RunState.PROPOSED and run.approved_by is None
    with pytest.raises(ApplicationError) as refused:
        export.run_export(actor=world.users["hr_a"], run=run, fmt="csv")
    assert str(refused.value) == (
        "Only an approved run can be exported to payroll; run 1 is not approved yet."
    )
    services.run_approve(actor=world.users["admin"], run=run)
    run.refresh_from_db()
    assert (run.state, run.approved_by) == (RunState.APPROVED, world.users["admin"])
    for attempt in (
        lambda: services.run_approve(actor=world.users["admin"], run=run),
        lambda: services.run_withdraw(actor=world.users["hr_a"], run=run),
    ):
        with pytest.raises(ApplicationError) as refused:
            attempt()
        assert str(refused.value) == (
            "Run 1 is approved and cannot be changed; propose a correction instead."
        )
    assert Run.objects.filter(pk=run.pk, state=RunState.APPROVED).exists()


def test_another_body_s_hr_may_not_propose(world: World, pay: Any) -> None:
    with pytest.raises(ApplicationError) as refused:
        services.run_propose(actor=world.users["hr_b"], fund=pay["fund"])
    assert str(refused.value) == "You may not propose runs for “Body A”."
    assert not Run.objects.exists()


def test_a_fund_of_zero_or_in_another_currency_is_refused(world: World, pay: Any) -> None:
    for amount, currency, field, message in (
        (0, "KZT", "amount", "A fund must be more than zero."),
        (
            1_000,
            "RUB",
            "currency",
            "The salaries of the people this fund covers are in KZT, not in RUB.",
        ),
    ):
        with pytest.raises(ApplicationError) as refused:
            services.fund_create(
                actor=world.users["hr_a"],
                name="Bad",
                organisation=world.orgs["body_a"],
                period=pay["period"],
                rule=pay["rule"],
                amount=amount,
                currency=currency,
            )
        assert refused.value.errors == {field: [message]}
    assert Fund.objects.count() == 1


def test_a_used_rule_version_is_not_edited_and_a_new_version_is_made(
    world: World, pay: Any
) -> None:
    rule = pay["rule"]
    services.rule_update(actor=world.users["admin"], rule=rule, cap_salaries="2")
    services.run_propose(actor=world.users["hr_a"], fund=pay["fund"])
    with pytest.raises(ApplicationError) as refused:
        services.rule_update(actor=world.users["admin"], rule=rule, cap_salaries="3")
    assert str(refused.value) == (
        "Version 1 of “DIGITAL” has been used by a run and cannot be changed; create a new version."
    )
    rule.refresh_from_db()
    assert str(rule.cap_salaries) == "2.0000"
    again = services.rule_create(
        actor=world.users["admin"],
        organisation=world.orgs["country"],
        code="DIGITAL",
        cap_salaries="3",
    )
    assert again.version == 2
    assert Rule.objects.count() == 2


def test_a_correction_is_a_new_run_with_each_person_s_difference(world: World, pay: Any) -> None:
    hr, admin = world.users["hr_a"], world.users["admin"]
    first = services.run_approve(actor=admin, run=services.run_propose(actor=hr, fund=pay["fund"]))
    with pytest.raises(ApplicationError) as refused:
        services.run_propose(
            actor=hr, fund=pay["fund"], corrects=services.run_propose(actor=hr, fund=pay["fund"])
        )
    assert str(refused.value) == "Only an approved run of the same fund can be corrected."
    # A0005's post started earlier than recorded: corrected, the fund is shared again.
    from cadre.people.models import Assignment

    Assignment.objects.filter(employee=pay["people"]["A0005"]).update(start_date="2026-01-01")
    fix = services.run_propose(actor=hr, fund=pay["fund"], corrects=first)
    assert fix.corrects == first and fix.number == 3
    changed = {
        line.employee.personal_id: (line.previous_amount, line.amount, line.difference)
        for line in fix.lines.select_related("employee")
        if line.difference
    }
    assert sum(d for _b, _a, d in changed.values()) == 0
    assert changed["A0005"][0] == 0 and changed["A0005"][2] > 0
    event = AuditEvent.objects.get(object_type="pay.run", object_id=str(fix.pk), action="propose")
    assert event.changes["corrects"] == [None, first.pk]
    assert set(event.changes["differences"][1]) == {str(pay["people"][pid].pk) for pid in changed}
    assert amounts(first) == AMOUNTS  # the approved run is unchanged
    # Its payroll file pays only the differences, and only once approved.
    services.run_approve(actor=admin, run=fix)
    rows = export.rows_of(fix, actor=hr)
    assert {r[1]: r[5] for r in rows} == {pid: d for pid, (_b, _a, d) in changed.items()}
    assert sum(r[5] for r in rows) == 0
    xml = export.run_export(actor=hr, run=fix, fmt="xml").content.decode()
    assert f'corrects="CADRE-PAY-{pay["fund"].pk}-1"' in xml


def test_the_payroll_export_has_the_control_total_and_the_same_bytes_twice(
    world: World, pay: Any
) -> None:
    run = services.run_approve(
        actor=world.users["admin"],
        run=services.run_propose(actor=world.users["hr_a"], fund=pay["fund"]),
    )
    people = pay["people"]
    for fmt in export.FORMATS:
        one = export.run_export(actor=world.users["hr_a"], run=run, fmt=fmt)
        two = export.run_export(actor=world.users["hr_a"], run=run, fmt=fmt)
        assert one.content == two.content, fmt
        assert (one.rows, one.total) == (4, 70_000_000)
    rows = list(
        csv.reader(
            io.StringIO(
                export.run_export(actor=world.users["hr_a"], run=run, fmt="csv").content.decode()
            )
        )
    )
    batch = f"CADRE-PAY-{pay['fund'].pk}-1"
    assert rows[0] == list(export.COLUMNS)
    assert rows[1] == [
        batch,
        "A0001",
        str(people["A0001"].pk),
        "BONUS-KPI",
        "2026",
        "37528957",
        "KZT",
    ]
    assert rows[-1] == ["CONTROL", "", "", "", "2026", "70000000", "KZT"]
    assert sum(int(r[5]) for r in rows[1:-1]) == 70_000_000
    sheet = load_workbook(
        io.BytesIO(export.run_export(actor=world.users["hr_a"], run=run, fmt="xlsx").content)
    ).worksheets[0]
    values = list(sheet.values)
    assert values[-1] == ("CONTROL", None, None, None, "2026", 70_000_000, "KZT")
    xml = export.run_export(actor=world.users["hr_a"], run=run, fmt="xml").content.decode()
    assert '<control rows="4" total_minor="70000000"/>' in xml
    assert AuditEvent.objects.filter(object_id=str(run.pk), action="export").count() == 9


def test_what_if_saves_nothing_and_shows_gains_and_losses(world: World, pay: Any) -> None:
    from cadre.pay.whatif import what_if

    services.run_propose(actor=world.users["hr_a"], fund=pay["fund"])
    lines, runs = RunLine.objects.count(), Run.objects.count()
    answer = what_if(pay["fund"], {"cap_salaries": "3"})
    assert (RunLine.objects.count(), Run.objects.count()) == (lines, runs)
    assert answer["allocated"] == 70_000_000 and answer["capped"] == 0
    # Body A's own people count for body A, unit A1's for unit A1.
    assert answer["per_body"] == [
        {"body": world.orgs["body_a"].pk, "name": "Body A", "amount": 9_565_455, "paid": 1},
        {"body": world.orgs["unit_a1"].pk, "name": "Unit A1", "amount": 60_434_545, "paid": 3},
    ]
    # Without the cap, A0004 (capped at 150,000.00) gains and the others give it back.
    assert answer["gains"] == 1 and answer["losses"] == 3
    assert answer["movers"][0]["employee"] == pay["people"]["A0004"].pk
    assert sum(m["difference"] for m in answer["movers"]) == 0
    assert sum(b["people"] for b in answer["distribution"]) == 4


# --- over HTTP ---------------------------------------------------------------------------


def test_the_api_proposes_approves_and_exports(world: World, pay: Any, api_as: Any) -> None:
    fund = pay["fund"]
    hr = api_as("hr_a")
    response = hr.post(f"/api/v1/bonus-funds/{fund.pk}/propose/", {}, format="json")
    assert response.status_code == 201, response.content
    run_id = response.json()["id"]
    assert response.json()["allocated"] == 70_000_000
    refused = hr.post(f"/api/v1/pay-runs/{run_id}/approve/")
    assert refused.status_code == 400
    # In the user's language (Russian, the installation's default here).
    assert refused.json()["errors"][0]["message"] == (
        "Вы предложили этот расчёт; утвердить его должен другой человек."
    )
    refused = hr.get(f"/api/v1/pay-runs/{run_id}/export/?file_format=csv")
    assert refused.status_code == 400
    assert api_as("hr_b").post(f"/api/v1/pay-runs/{run_id}/approve/").status_code == 404
    assert api_as("admin").post(f"/api/v1/pay-runs/{run_id}/approve/").json()["state"] == "approved"
    conflict = hr.post(f"/api/v1/pay-runs/{run_id}/withdraw/")
    assert conflict.status_code == 409
    got = hr.get(f"/api/v1/pay-runs/{run_id}/export/?file_format=xml")
    assert got.status_code == 200
    assert b'total_minor="70000000"' in got.content
    assert got["Content-Disposition"] == f'attachment; filename="CADRE-PAY-{fund.pk}-1.xml"'


def test_the_api_what_if_and_its_refusals(world: World, pay: Any, api_as: Any) -> None:
    fund = pay["fund"]
    hr = api_as("hr_a")
    answer = hr.post(
        f"/api/v1/bonus-funds/{fund.pk}/what-if/", {"cap_salaries": "3"}, format="json"
    )
    assert answer.status_code == 200 and answer.json()["allocated"] == 70_000_000
    bad = hr.post(f"/api/v1/bonus-funds/{fund.pk}/what-if/", {"period_months": "0"}, format="json")
    assert bad.status_code == 400
    assert bad.json()["errors"] == [
        {
            "field": "period_months",
            "code": "invalid",
            "message": "Период длится больше нуля месяцев.",
        }
    ]
    assert not Run.objects.exists()


def test_an_employee_sees_only_their_own_line(world: World, pay: Any, api_as: Any) -> None:
    run = services.run_propose(actor=world.users["hr_a"], fund=pay["fund"])
    mine = api_as("employee_a1").get("/api/v1/pay-run-lines/").json()["results"]
    assert [(row["employee"], row["amount"]) for row in mine] == [
        (pay["people"]["A0001"].pk, 37_528_957)
    ]
    other = run.lines.get(employee__personal_id="A0002")
    assert api_as("employee_a1").get(f"/api/v1/pay-run-lines/{other.pk}/").status_code == 404
    assert api_as("hr_b").get("/api/v1/pay-run-lines/").json()["results"] == []


# --- pages ---------------------------------------------------------------------------------


def test_the_employee_reads_the_explanation_of_their_line(
    world: World, pay: Any, as_user: Any
) -> None:
    run = services.run_approve(
        actor=world.users["admin"],
        run=services.run_propose(actor=world.users["hr_a"], fund=pay["fund"]),
    )
    line = run.lines.get(employee__personal_id="A0001")
    client = as_user("employee_a1")
    mine = client.get("/pay/mine/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert line.get_absolute_url() in mine and "375,289.57 KZT" in mine
    page = client.get(line.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200
    text = page.content.decode()
    for shown in (
        "375,289.57 KZT",  # the amount
        "120.00 %",  # the achievement
        "300,000.00 KZT",  # the salary
        "450,000.00 KZT",  # the cap
        "1.042471042654",  # the adjustment factor
        "375,289.5754 KZT",  # the share before rounding, to a hundredth of a tiyn
        "12.00 / 12",  # months in post
        "DIG-1",  # the KPI line from the snapshot
    ):
        assert shown in text, shown
    other = run.lines.get(employee__personal_id="A0002")
    assert client.get(other.get_absolute_url()).status_code == 404


def test_pages_propose_approve_and_export(world: World, pay: Any, as_user: Any) -> None:
    fund = pay["fund"]
    hr = as_user("hr_a")
    response = hr.post(f"/pay/funds/{fund.pk}/propose/")
    run = Run.objects.get()
    assert response["Location"] == run.get_absolute_url()
    hr.post(f"/pay/runs/{run.pk}/approve/", HTTP_ACCEPT_LANGUAGE="en")
    run.refresh_from_db()
    assert run.state == RunState.PROPOSED  # the proposer may not approve
    page = hr.get(run.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "You proposed this run; someone else must approve it." in page
    assert (
        hr.get(f"/pay/runs/{run.pk}/export/?file_format=csv")["Location"] == run.get_absolute_url()
    )
    as_user("admin").post(f"/pay/runs/{run.pk}/approve/")
    run.refresh_from_db()
    assert run.state == RunState.APPROVED
    got = hr.get(f"/pay/runs/{run.pk}/export/?file_format=csv")
    assert got.status_code == 200
    assert got.content.decode().splitlines()[-1] == "CONTROL,,,,2026,70000000,KZT"


def test_the_what_if_page(world: World, pay: Any, as_user: Any) -> None:
    fund = pay["fund"]
    page = as_user("hr_a").get(
        f"/pay/funds/{fund.pk}/what-if/?cap_salaries=3", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert page.status_code == 200
    text = page.content.decode()
    assert "700,000.00 KZT" in text and "604,345.45 KZT" in text
    bad = (
        as_user("hr_a")
        .get(f"/pay/funds/{fund.pk}/what-if/?rounding_unit=0", HTTP_ACCEPT_LANGUAGE="en")
        .content.decode()
    )
    assert "Round to a whole number of minor units, at least 1." in bad
    assert not Run.objects.exists()
    assert as_user("hr_b").get(f"/pay/funds/{fund.pk}/what-if/").status_code == 404


def test_pay_rows_are_in_the_pay_class(world: World, pay: Any, api_as: Any) -> None:
    """An auditor reaches every model, but not pay rows (not granted the class); a manager
    role without a head post neither."""
    run = services.run_propose(actor=world.users["hr_a"], fund=pay["fund"])
    for who in ("auditor", "auditor_a", "manager_a1"):
        client = api_as(who)
        for path in ("bonus-funds", "pay-runs"):
            assert client.get(f"/api/v1/{path}/").status_code == 403, (who, path)
        for path in ("pay-run-lines", "salaries"):  # one's own only: none
            assert client.get(f"/api/v1/{path}/").json()["results"] == [], (who, path)
        assert client.get(f"/api/v1/pay-runs/{run.pk}/").status_code == 403
    assert len(api_as("admin").get("/api/v1/pay-run-lines/").json()["results"]) == 6


def test_the_head_of_a_unit_sees_the_lines_of_its_people_only(
    world: World, pay: Any, api_as: Any
) -> None:
    import datetime as dt
    from decimal import Decimal

    from cadre.orgs.services import post_create
    from cadre.people.services import assignment_create, employee_create, employee_link_user

    admin = world.users["admin"]
    head = employee_create(
        actor=admin,
        personal_id="H0001",
        last_name="Head",
        first_name="Test",
        birth_date=dt.date(1980, 1, 1),
        gender="M",
        organisation=world.orgs["unit_a1"],
    )
    employee_link_user(actor=admin, employee=head, user=world.users["nobody"])
    post = post_create(
        actor=admin,
        organisation=world.orgs["unit_a1"],
        code="HEAD-A1",
        title="Head of unit",
        salary_min=Decimal(1),
        salary_max=Decimal(2),
        currency="KZT",
        is_head=True,
    )
    assignment_create(actor=admin, employee=head, post=post, start_date=dt.date(2025, 1, 1))
    run = services.run_propose(actor=world.users["hr_a"], fund=pay["fund"])
    rows = api_as("nobody").get("/api/v1/pay-run-lines/?page_size=50").json()["results"]
    seen = {row["employee"] for row in rows}
    unit = {p.pk for pid, p in pay["people"].items() if pid.startswith("A") and pid != "A0006"}
    assert seen == unit | {head.pk}  # unit A1's people (the head too), not body A's own
    a6 = run.lines.get(employee__personal_id="A0006")
    assert api_as("nobody").get(f"/api/v1/pay-run-lines/{a6.pk}/").status_code == 404
    # Lines only: not the run (refused), not their people's salaries (their own: none).
    assert api_as("nobody").get(f"/api/v1/pay-runs/{run.pk}/").status_code == 403
    assert api_as("nobody").get("/api/v1/salaries/").json()["results"] == []


# --- the generated CRUD x scope cases --------------------------------------------------------


def _period() -> Any:
    import datetime as dt

    from cadre.kpi.models import Period

    return Period.objects.get_or_create(
        code="2027",
        defaults={"kind": "year", "start": dt.date(2027, 1, 1), "end": dt.date(2027, 12, 31)},
    )[0]


def _rule(world: World, where: str) -> Rule:
    return services.rule_create(
        actor=world.users["admin"],
        organisation=world.orgs[f"body_{where}"],
        code=f"R-{where}-{Rule.objects.count()}",
    )


def _fund(world: World, where: str) -> Fund:
    return services.fund_create(
        actor=world.users["admin"],
        name=f"Fund {where} {Fund.objects.count()}",
        organisation=world.orgs[f"body_{where}"],
        period=_period(),
        rule=_rule(world, where),
        amount=1_000_000,
        currency="KZT",
    )


def _person(world: World, where: str) -> Any:
    import datetime as dt

    from cadre.people.models import Employee
    from cadre.people.services import employee_create

    n = Employee.objects.count()
    return employee_create(
        actor=world.users["admin"],
        personal_id=f"X{where.upper()}{n:04d}",
        last_name=f"Person {n}",
        first_name="Test",
        birth_date=dt.date(1990, 1, 1),
        gender="M",
        organisation=world.orgs[f"unit_{where}1"],
    )


class PayCases(crud.CrudBase):
    """Pay rows are in the pay data class: HR officers hold it within their body, national
    administrators everywhere; auditors only where a deployment grants it to them by name
    (decision 0016) — as these cases do, so that the world's readers read (and do not
    write) pay rows."""

    @pytest.fixture(autouse=True)
    def _auditors_hold_pay(self, monkeypatch: pytest.MonkeyPatch) -> None:
        from cadre.accounts.choices import Role
        from cadre.core.permissions import ROLE_CLASSES, DataClass

        held = ROLE_CLASSES.get(Role.AUDITOR, frozenset())
        monkeypatch.setitem(ROLE_CLASSES, Role.AUDITOR, held | {DataClass.PAY})


class TestFundCases(PayCases, crud.UIList, crud.APIRead, crud.APIWrite):
    model = Fund
    url_prefix = "pay:fund"
    api_basename = "fund"
    api_can_update = False

    def make(self, world: World, where: str) -> Fund:
        return _fund(world, where)

    def api_data(self, world: World, where: str) -> dict[str, Any]:
        national = Rule.objects.filter(organisation=world.orgs["country"]).first() or (
            services.rule_create(
                actor=world.users["admin"], organisation=world.orgs["country"], code="NAT"
            )
        )
        return {
            "name": f"API fund {where}",
            "organisation": world.orgs[f"body_{where}"].pk,
            "period": _period().code,
            "rule": national.pk,
            "amount": 5_000_000,
            "currency": "KZT",
        }


class TestRunCases(PayCases, crud.APIRead):
    model = Run
    url_prefix = "pay:run"
    api_basename = "run"

    def make(self, world: World, where: str) -> Run:
        return services.run_propose(actor=world.users["admin"], fund=_fund(world, where))


class TestRunLineCases(PayCases, crud.APIRead):
    model = RunLine
    url_prefix = "pay:runline"
    api_basename = "runline"

    def make(self, world: World, where: str) -> RunLine:
        person = _person(world, where)
        run = services.run_propose(actor=world.users["admin"], fund=_fund(world, where))
        return run.lines.get(employee=person)


class TestSalaryCases(PayCases, crud.APIRead, crud.APIWrite):
    model = Salary
    api_basename = "salary"
    api_can_update = False

    def api_data(self, world: World, where: str) -> dict[str, Any]:
        return {
            "employee": _person(world, where).pk,
            "amount": 25_000_000,
            "currency": "KZT",
            "valid_from": "2026-01-01",
        }

    def make(self, world: World, where: str) -> Salary:
        import datetime as dt

        return services.salary_set(
            actor=world.users["admin"],
            employee=_person(world, where),
            amount=10_000_000,
            currency="KZT",
            valid_from=dt.date(2026, 1, 1),
        )


class TestRuleCases(PayCases, crud.APIRead, crud.APIWrite):
    model = Rule
    api_basename = "rule"

    def api_data(self, world: World, where: str) -> dict[str, Any]:
        return {
            "organisation": world.orgs[f"body_{where}"].pk,
            "code": f"API-{where}",
            "min_achievement": "0.6",
            "cap_salaries": "2",
        }

    def api_edit_data(self, world: World, obj: Any) -> dict[str, Any]:
        return {"cap_salaries": "3"}

    def changed(self, obj: Any) -> bool:
        return str(obj.cap_salaries) == "3.0000"

    def make(self, world: World, where: str) -> Rule:
        return _rule(world, where)


def test_the_api_refuses_bad_funds_and_a_used_rule_and_saves_nothing(
    world: World, pay: Any, api_as: Any
) -> None:
    hr = api_as("hr_a")
    data = {
        "name": "Zero",
        "organisation": world.orgs["body_a"].pk,
        "period": "2026",
        "rule": pay["rule"].pk,
        "amount": 0,
        "currency": "KZT",
    }
    zero = hr.post("/api/v1/bonus-funds/", data, format="json", HTTP_ACCEPT_LANGUAGE="en")
    assert zero.status_code == 400
    assert zero.json()["errors"] == [
        {"field": "amount", "code": "invalid", "message": "A fund must be more than zero."}
    ]
    rub = hr.post(
        "/api/v1/bonus-funds/",
        {**data, "amount": 100, "currency": "RUB"},
        format="json",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert rub.json()["errors"][0]["message"] == (
        "The salaries of the people this fund covers are in KZT, not in RUB."
    )
    assert Fund.objects.count() == 1
    services.run_propose(actor=world.users["hr_a"], fund=pay["fund"])
    used = api_as("admin").patch(
        f"/api/v1/pay-rules/{pay['rule'].pk}/", {"cap_salaries": "9"}, format="json"
    )
    assert used.status_code == 409
    assert api_as("admin").delete(f"/api/v1/bonus-funds/{pay['fund'].pk}/").status_code == 409
    pay["rule"].refresh_from_db()
    assert str(pay["rule"].cap_salaries) == "1.5000"
