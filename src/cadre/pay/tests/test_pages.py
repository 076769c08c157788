"""The pages that set pay up — salaries and rule versions here, funds in
``test_pages_funds`` — through HTTP: each form creates exactly what its service would
(amounts typed in major units, kept in minor units; percentages kept as fractions), refuses
bad input naming the field with nothing saved, and opens only to those who hold the pay
class (links too)."""

from __future__ import annotations

import csv
import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from cadre.core.models import AuditEvent
from cadre.core.testing.world import World
from cadre.pay import services
from cadre.pay.models import Rule, Salary

pytestmark = pytest.mark.django_db


def errors(response: Any) -> dict[str, list[str]]:
    assert response.status_code == 400, response.status_code
    return {k: list(v) for k, v in response.context["form"].errors.items()}


# --- salaries --------------------------------------------------------------------------------


def _salary(pay: Any, **extra: Any) -> dict[str, Any]:
    return {
        "employee": pay["people"]["A0002"].pk,
        "amount": "150000.50",
        "currency": "KZT",
        "valid_from": "2026-03-01",
        **extra,
    }


def test_a_salary_typed_in_tenge_is_kept_in_tiyn_exactly(world: World, pay: Any, en: Any) -> None:
    response = en("hr_a").post("/pay/salaries/add/", _salary(pay, reason="Order 12"))
    assert response.status_code == 302
    salary = Salary.objects.get(employee=pay["people"]["A0002"], valid_from=dt.date(2026, 3, 1))
    assert (salary.amount, salary.currency) == (15_000_050, "KZT")
    assert response["Location"] == f"/pay/salaries/{salary.pk}/"
    event = AuditEvent.objects.get(object_type="pay.salary", object_id=str(salary.pk))
    assert (event.action, event.reason, event.changes["amount"]) == (
        "create",
        "Order 12",
        [None, 15_000_050],
    )
    page = en("hr_a").get(f"/pay/salaries/{salary.pk}/").content.decode()
    assert "150,000.50 KZT" in page
    # Đồng have no decimals: 2 500 000 VND is 2 500 000 minor units.
    vnd = _salary(pay, amount="2500000", currency="VND", valid_from="2026-04-01")
    assert en("hr_a").post("/pay/salaries/add/", vnd).status_code == 302
    assert Salary.objects.filter(amount=2_500_000, currency="VND").count() == 1


def test_a_bad_salary_is_refused_field_by_field_and_nothing_saved(
    world: World, pay: Any, en: Any
) -> None:
    client = en("hr_a")
    before = Salary.objects.count()
    assert errors(client.post("/pay/salaries/add/", _salary(pay, amount="-5"))) == {
        "amount": ["A salary must be more than zero."]
    }
    assert errors(client.post("/pay/salaries/add/", _salary(pay, amount="150000.505"))) == {
        "amount": ["A KZT amount has at most 2 decimal places."]
    }
    assert errors(
        client.post("/pay/salaries/add/", _salary(pay, amount="100.5", currency="VND"))
    ) == {"amount": ["A VND amount has no decimal places."]}
    # Every problem at once: the service's rule beside the form's.
    assert errors(client.post("/pay/salaries/add/", _salary(pay, amount="0", valid_from=""))) == {
        "valid_from": ["This field is required."],
        "amount": ["A salary must be more than zero."],
    }
    # The same date twice.
    duplicate = client.post("/pay/salaries/add/", _salary(pay, valid_from="2025-01-01"))
    assert errors(duplicate) == {"__all__": ["This person already has a salary from this date."]}
    # Another body's person is not offered to body A's HR officer.
    outsider = client.post("/pay/salaries/add/", _salary(pay, employee=pay["people"]["B0001"].pk))
    assert list(errors(outsider)) == ["employee"]
    assert Salary.objects.count() == before


def test_the_salaries_list_filters_exports_and_deletes_with_a_reason(
    world: World, pay: Any, en: Any
) -> None:
    client = en("hr_a")
    page = client.get("/pay/salaries/?q=A0004").content.decode()
    assert "Person A0004" in page and "Person A0001" not in page
    assert "100,000.00 KZT" in page
    assert 'href="/pay/salaries/add/"' in page
    assert "Person B0001" not in client.get("/pay/salaries/?per_page=100").content.decode()
    export = client.get(f"/pay/salaries/?export=csv&organisation={world.orgs['body_a'].pk}")
    rows = list(csv.reader(b"".join(export.streaming_content).decode("utf-8-sig").splitlines()))
    assert len(rows) == 1 + 6  # body A's six people
    salary = Salary.objects.get(employee=pay["people"]["A0004"])
    detail = client.get(f"/pay/salaries/{salary.pk}/").content.decode()
    assert f'href="/pay/salaries/{salary.pk}/delete/"' in detail
    refused = client.post(f"/pay/salaries/{salary.pk}/delete/", {"reason": " "})
    assert errors(refused) == {
        "reason": ["Give the reason for this change; it is kept in the audit log."]
    }
    assert Salary.objects.filter(pk=salary.pk).exists()
    done = client.post(f"/pay/salaries/{salary.pk}/delete/", {"reason": "Typed twice"})
    assert done.status_code == 302
    assert not Salary.objects.filter(pk=salary.pk).exists()
    assert AuditEvent.objects.get(object_type="pay.salary", action="delete").reason == "Typed twice"


def test_salary_pages_are_for_those_who_see_pay(world: World, pay: Any, en: Any) -> None:
    salary = Salary.objects.get(employee=pay["people"]["A0001"])  # employee_a1's own
    before = Salary.objects.count()
    for username in ("employee_a1", "manager_a1", "auditor_a"):
        client = en(username)
        assert client.get("/pay/salaries/").status_code == 403, username
        assert client.get("/pay/salaries/add/").status_code == 403, username
        assert client.post("/pay/salaries/add/", _salary(pay)).status_code == 403, username
        assert client.get(f"/pay/salaries/{salary.pk}/").status_code == 403, username
        assert client.post(f"/pay/salaries/{salary.pk}/delete/", {"reason": "x"}).status_code in {
            403
        }, username
    # Another body's HR officer does not reach body A's rows.
    other = en("hr_b")
    assert other.get(f"/pay/salaries/{salary.pk}/").status_code == 404
    assert other.post(f"/pay/salaries/{salary.pk}/delete/", {"reason": "x"}).status_code == 404
    assert Salary.objects.count() == before


@pytest.fixture
def pay_without_personal(world: World, pay: Any, monkeypatch: pytest.MonkeyPatch) -> Any:
    """Auditors hold the pay class by a deployment's grant and not the personal one; the
    user ``paymaster`` is such a national auditor who is also unit A1's HR officer (both
    classes there). A0004 and A0006 are renamed, so that a search by their identifiers
    cannot match their names."""
    from cadre.accounts import services as account_services
    from cadre.accounts.choices import Role
    from cadre.core.permissions import ROLE_CLASSES, DataClass
    from cadre.core.testing.world import PASSWORD
    from cadre.people.services import employee_update

    held = ROLE_CLASSES.get(Role.AUDITOR, frozenset())
    monkeypatch.setitem(ROLE_CLASSES, Role.AUDITOR, (held - {DataClass.PERSONAL}) | {DataClass.PAY})
    admin = world.users["admin"]
    for pid, name in (("A0004", "Bekova"), ("A0006", "Omarov")):
        employee_update(actor=admin, employee=pay["people"][pid], last_name=name, reason="Married")
    user = account_services.user_create(actor=admin, username="paymaster", password=PASSWORD)
    for role, where in ((Role.AUDITOR, None), (Role.HR_OFFICER, world.orgs["unit_a1"])):
        account_services.role_assignment_create(
            actor=admin, user=user, role=role, organisation=where
        )
    world.users["paymaster"] = user
    return user


def _csv_rows(response: Any) -> list[list[str]]:
    assert response.status_code == 200, response.status_code
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return list(csv.reader(body.decode("utf-8-sig").splitlines()))


PAID = ("A0001", "A0002", "A0004", "A0006")  # the run's file, by employee id


def _approved_run(world: World, pay: Any) -> Any:
    return services.run_approve(
        actor=world.users["admin"],
        run=services.run_propose(actor=world.users["hr_a"], fund=pay["fund"]),
    )


def test_a_pay_reader_without_the_personal_class_sees_no_personal_id(
    world: World, pay: Any, en: Any, pay_without_personal: Any
) -> None:
    people = pay["people"]
    auditor = en("auditor")  # pay everywhere, personal nowhere
    page = auditor.get("/pay/salaries/?per_page=100").content.decode()
    assert "Bekova Test" in page and "Person B0001 Test" in page
    assert "Personal ID" not in page and "A0004" not in page and "A0006" not in page
    # Searching by an identifier finds nobody; by name, the person.
    assert "Bekova" not in auditor.get("/pay/salaries/?q=A0004").content.decode()
    assert "Bekova" in auditor.get("/pay/salaries/?q=bekova").content.decode()
    salary = Salary.objects.get(employee=people["A0004"])
    detail = auditor.get(f"/pay/salaries/{salary.pk}/").content.decode()
    assert "100,000.00 KZT" in detail
    assert "Personal ID" not in detail and "A0004" not in detail
    listed = _csv_rows(auditor.get("/pay/salaries/?export=csv"))
    assert listed[0] == ["Employee", "Organisation", "Monthly salary", "From"]
    assert len(listed) == 1 + 7
    # The payroll file keeps its layout, the national identifiers empty.
    run = _approved_run(world, pay)
    rows = _csv_rows(auditor.get(f"/pay/runs/{run.pk}/export/?file_format=csv"))
    assert [(r[1], r[2]) for r in rows[1:-1]] == [("", str(people[p].pk)) for p in PAID]
    assert rows[-1] == ["CONTROL", "", "", "", "2026", "70000000", "KZT"]
    xml = auditor.get(f"/pay/runs/{run.pk}/export/?file_format=xml").content.decode()
    assert xml.count('national_id=""') == 4
    # Body A's HR officer holds the personal class there: the identifiers are in theirs.
    rows = _csv_rows(en("hr_a").get(f"/pay/runs/{run.pk}/export/?file_format=csv"))
    assert [r[1] for r in rows[1:-1]] == list(PAID)


def test_personal_ids_in_pay_only_where_the_reader_holds_the_personal_class(
    world: World, pay: Any, en: Any, pay_without_personal: Any
) -> None:
    people = pay["people"]
    client = en("paymaster")  # personal only over unit A1 (A0001-A0005)
    page = client.get("/pay/salaries/?per_page=100").content.decode()
    assert "Personal ID" in page and "<td>A0004</td>" in page and "A0006" not in page
    listed = _csv_rows(client.get("/pay/salaries/?export=csv"))
    assert listed[0] == ["Employee", "Personal ID", "Organisation", "Monthly salary", "From"]
    assert sorted((r[0], r[1]) for r in listed[1:]) == [
        ("Bekova Test", "A0004"),
        ("Omarov Test", ""),  # body A itself: outside unit A1
        ("Person A0001 Test", "A0001"),
        ("Person A0002 Test", "A0002"),
        ("Person A0003 Test", "A0003"),
        ("Person A0005 Test", "A0005"),
        ("Person B0001 Test", ""),
    ]
    assert "Bekova" in client.get("/pay/salaries/?q=A0004").content.decode()
    assert "Omarov" not in client.get("/pay/salaries/?q=A0006").content.decode()
    outside = Salary.objects.get(employee=people["A0006"])
    detail = client.get(f"/pay/salaries/{outside.pk}/").content.decode()
    assert "Omarov Test" in detail and "Personal ID" not in detail and "A0006" not in detail
    inside = Salary.objects.get(employee=people["A0004"])
    detail = client.get(f"/pay/salaries/{inside.pk}/").content.decode()
    assert "<dt>Personal ID</dt><dd>A0004</dd>" in detail
    run = _approved_run(world, pay)
    rows = _csv_rows(client.get(f"/pay/runs/{run.pk}/export/?file_format=csv"))
    assert [r[1] for r in rows[1:-1]] == ["A0001", "A0002", "A0004", ""]


def test_the_menu_shows_the_pay_pages_only_to_who_may_open_them(
    world: World, pay: Any, en: Any
) -> None:
    for username, shown in (
        ("hr_a", True),
        ("admin", True),
        ("employee_a1", False),
        ("manager_a1", False),
        ("auditor", False),
    ):
        home = en(username).get("/").content.decode()
        for url in ('href="/pay/salaries/"', 'href="/pay/rules/"'):
            assert (url in home) is shown, (username, url)
    funds = en("hr_a").get("/pay/").content.decode()
    assert 'href="/pay/funds/add/"' in funds


# --- rule versions ---------------------------------------------------------------------------


def _rule(world: World, **extra: Any) -> dict[str, Any]:
    return {
        "organisation": world.orgs["body_a"].pk,
        "code": "BODY-A",
        "min_achievement": "50",
        "min_months": "3",
        "period_months": "12",
        "target_share": "1",
        "max_factor": "150",
        "cap_salaries": "2",
        "rounding_unit": "100",
        **extra,
    }


def test_a_rule_typed_in_per_cent_is_kept_as_fractions_and_numbered(
    world: World, pay: Any, en: Any
) -> None:
    client = en("hr_a")
    assert client.post("/pay/rules/add/", _rule(world)).status_code == 302
    rule = Rule.objects.get(code="BODY-A")
    assert (rule.version, rule.min_achievement, rule.max_factor, rule.rounding_unit) == (
        1,
        Decimal("0.5000"),
        Decimal("1.5000"),
        100,
    )
    # The "New version" form is filled in with the version's values, in per cent.
    form = client.get(f"/pay/rules/{rule.pk}/new-version/").content.decode()
    assert 'value="50.00"' in form and 'value="150.00"' in form
    again = client.post(f"/pay/rules/{rule.pk}/new-version/", _rule(world, min_achievement="62.5"))
    assert again.status_code == 302
    second = Rule.objects.get(code="BODY-A", version=2)
    assert second.min_achievement == Decimal("0.6250")
    listed = client.get("/pay/rules/?code=BODY-A").content.decode()
    assert "62.5\u00a0%" in listed and "150\u00a0%" in listed


def test_a_bad_rule_is_refused_with_every_problem_at_once(world: World, pay: Any, en: Any) -> None:
    before = Rule.objects.count()
    response = en("hr_a").post(
        "/pay/rules/add/",
        _rule(world, min_months="-1", period_months="0", max_factor="12.345", rounding_unit="0"),
    )
    assert errors(response) == {
        "max_factor": ["Ensure that there are no more than 2 decimal places."],
        "min_months": ["This cannot be negative."],
        "period_months": ["A period lasts more than zero months."],
        "rounding_unit": ["Round to a whole number of minor units, at least 1."],
    }
    assert Rule.objects.count() == before


def test_a_rule_is_edited_while_unused_and_refused_once_a_run_used_it(
    world: World, pay: Any, en: Any
) -> None:
    admin = en("admin")
    rule = pay["rule"]
    edit = {k: v for k, v in _rule(world).items() if k not in ("organisation", "code")}
    page = admin.get(f"/pay/rules/{rule.pk}/").content.decode()
    assert f'href="/pay/rules/{rule.pk}/edit/"' in page
    assert f'href="/pay/rules/{rule.pk}/delete/"' not in page  # a fund names it
    assert (
        admin.post(f"/pay/rules/{rule.pk}/edit/", {**edit, "cap_salaries": "3"}).status_code == 302
    )
    rule.refresh_from_db()
    assert (rule.cap_salaries, rule.min_achievement) == (Decimal("3.0000"), Decimal("0.5000"))
    services.run_propose(actor=world.users["hr_a"], fund=pay["fund"])
    page = admin.get(f"/pay/rules/{rule.pk}/").content.decode()
    assert f'href="/pay/rules/{rule.pk}/edit/"' not in page
    assert "used by a run" in page
    refused = admin.post(f"/pay/rules/{rule.pk}/edit/", {**edit, "cap_salaries": "9"})
    assert errors(refused) == {
        "__all__": [
            "Version 1 of “DIGITAL” has been used by a run and cannot be changed; "
            "create a new version."
        ]
    }
    rule.refresh_from_db()
    assert rule.cap_salaries == Decimal("3.0000")
    assert "used by a run" in admin.get("/pay/rules/").content.decode()


def test_an_unused_rule_is_deleted_and_rule_pages_are_for_those_who_see_pay(
    world: World, pay: Any, en: Any
) -> None:
    rule = services.rule_create(
        actor=world.users["hr_a"], organisation=world.orgs["body_a"], code="SPARE"
    )
    for username in ("employee_a1", "manager_a1"):
        client = en(username)
        assert client.get("/pay/rules/").status_code == 403
        assert client.get(f"/pay/rules/{rule.pk}/").status_code == 403
        assert client.post("/pay/rules/add/", _rule(world)).status_code == 403
    assert en("hr_b").get(f"/pay/rules/{rule.pk}/").status_code == 404
    assert en("hr_b").post(f"/pay/rules/{rule.pk}/delete/", {}).status_code == 404
    assert en("hr_a").post(f"/pay/rules/{rule.pk}/delete/", {}).status_code == 302
    assert not Rule.objects.filter(pk=rule.pk).exists()
