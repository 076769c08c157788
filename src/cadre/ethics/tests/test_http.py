"""Pages and API of ethics control: the generated CRUD × scope cases (the ethics officer of
body A writes; an officer over the country reads everything; a second officer of body A
reads body A), the steps through HTTP, and the audit of a case's reads.

There is no role that reads every ethics record without writing it: by decision 0035 no
auditor or administrator reaches the ethics class. ``test_reader_may_not_add`` is therefore
replaced, per model, by the refusal that does apply."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from cadre.core.choices import Role
from cadre.core.models import AuditEvent
from cadre.core.testing import crud
from cadre.core.testing.world import World
from cadre.ethics import services
from cadre.ethics.models import Case, Declaration, Gift
from cadre.ethics.tests.conftest import account, person

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def officers(world: World) -> dict[str, Any]:
    account(world, "ethics_a", Role.ETHICS_OFFICER, "body_a")
    account(world, "ethics_a2", Role.ETHICS_OFFICER, "body_a")
    account(world, "ethics_all", Role.ETHICS_OFFICER, "country")
    return {
        "a": person(world, "A0101", "Asan", "unit_a1", world.users["employee_a1"]),
        "a2": person(world, "A0102", "Arman", "unit_a1"),
        "b": person(world, "B0101", "Berik", "unit_b1"),
        "b2": person(world, "B0102", "Bauyr", "unit_b1"),
    }


def _people() -> dict[str, Any]:
    from cadre.people.models import Employee

    return {e.personal_id: e for e in Employee.objects.all()}  # encrypted: compared in Python


def _employee(where: str, second: bool = False) -> Any:
    key = {"a": "A0101", "b": "B0101"}[where] if not second else {"a": "A0102", "b": "B0102"}[where]
    return _people()[key]


class Base:
    writer = "ethics_a"
    reader = "ethics_all"
    scoped_reader = "ethics_a2"


class TestDeclarationViews(Base, crud.UIList, crud.UIAdd, crud.APIRead):
    model = Declaration
    url_prefix = "ethics:declaration"
    api_basename = "declaration"

    def make(self, world: World, where: str) -> Any:
        admin_officer = world.users["ethics_all"]
        return services.declaration_create(
            actor=admin_officer,
            employee=_employee(where),
            kind="business",
            related_organisation=f"Firm {where}",
            starts_on=dt.date(2024, 1, 1),
        )

    def form_data(self, world: World, where: str) -> dict[str, Any]:
        return {
            "employee": _employee(where).pk,
            "kind": "kin",
            "related_employee": _employee(where, second=True).pk,
            "related_organisation": "",
            "description": "",
            "starts_on": "2024-01-01",
            "ends_on": "",
        }

    def export_key(self, obj: Any) -> str:
        return str(obj.employee)

    def test_reader_may_not_add(self, as_user: Any, world: World) -> None:
        """An employee may declare their own relations only."""
        before = self.count()
        response = as_user("employee_a1").post(self.url("add"), self.form_data(world, "b"))
        assert response.status_code == 400
        assert self.count() == before


class TestGiftViews(Base, crud.UIList, crud.UIAdd, crud.APIRead):
    model = Gift
    url_prefix = "ethics:gift"
    api_basename = "gift"

    def make(self, world: World, where: str) -> Any:
        return services.gift_create(
            actor=world.users["ethics_all"],
            employee=_employee(where),
            kind="gift",
            description=f"Vase {where}",
            received_on=dt.date(2026, 1, 5),
            value="100.00",
            currency="KZT",
        )

    def form_data(self, world: World, where: str) -> dict[str, Any]:
        return {
            "employee": _employee(where).pk,
            "kind": "activity",
            "description": "Teaching",
            "received_on": "2026-02-01",
            "value": "5000.00",
            "currency": "KZT",
        }

    def export_key(self, obj: Any) -> str:
        return str(obj.employee)

    def test_reader_may_not_add(self, as_user: Any, world: World) -> None:
        """An employee may register their own gifts only."""
        before = self.count()
        response = as_user("employee_a1").post(self.url("add"), self.form_data(world, "b"))
        assert response.status_code == 400
        assert self.count() == before


class TestCaseViews(Base, crud.UIList, crud.UIAdd, crud.APIRead):
    model = Case
    url_prefix = "ethics:case"
    api_basename = "case"

    def make(self, world: World, where: str) -> Any:
        return services.case_open(
            actor=world.users["ethics_all"], employee=_employee(where), grounds=f"Grounds {where}"
        )

    def form_data(self, world: World, where: str) -> dict[str, Any]:
        return {
            "employee": _employee(where).pk,
            "grounds": "Absent without leave",
            "complainant": "",
            "explanation_due": "",
        }

    def export_key(self, obj: Any) -> str:
        return str(obj.pk)

    def test_reader_may_not_add(self, as_user: Any, world: World) -> None:
        """Nobody without the ethics class opens a case from the pages: a national auditor
        neither reads nor opens one."""
        before = self.count()
        client = as_user("auditor")
        assert client.get(self.url("add")).status_code == 403
        assert client.post(self.url("add"), self.form_data(world, "a")).status_code == 403
        assert self.count() == before


def test_the_person_explains_and_the_commission_decides_through_the_api(
    world: World, api_as: Any, as_user: Any
) -> None:
    case = services.case_open(
        actor=world.users["ethics_a"], employee=_employee("a"), grounds="Late reports"
    )
    person = api_as("employee_a1")
    answer = person.post(f"/api/v1/ethics-cases/{case.pk}/explain/", {"explanation": "Ill"})
    assert answer.status_code == 200, answer.content
    assert answer.json()["state"] == "explained"
    assert not AuditEvent.objects.filter(action="case.read").exists()
    officer = api_as("ethics_a")
    answer = officer.post(
        f"/api/v1/ethics-cases/{case.pk}/commission/",
        {"members": [world.users["ethics_a2"].pk]},
        format="json",
    )
    assert answer.status_code == 200, answer.content
    member = api_as("ethics_a2")
    refused = member.post(
        f"/api/v1/ethics-cases/{case.pk}/decide/",
        {
            "outcome": "upheld",
            "decision_text": "Breach",
            "sanction": "reprimand",
            "term_months": 24,
        },
        format="json",
    )
    assert refused.status_code == 400
    assert refused.json()["errors"][0]["field"] == "term_months"
    case.refresh_from_db()
    assert (case.state, case.sanction) == ("explained", "")
    assert member.get(f"/api/v1/ethics-cases/{case.pk}/").status_code == 200
    reads = AuditEvent.objects.filter(action="case.read", object_id=str(case.pk))
    assert [e.actor.username for e in reads] == ["ethics_a2"]
    # Someone outside the class and the commission: not found, and nothing audited.
    assert api_as("hr_a").get(f"/api/v1/ethics-cases/{case.pk}/").status_code == 404
    assert as_user("hr_a").get(case.get_absolute_url()).status_code == 404
    assert reads.count() == 1
    # The page read by the officer is audited too; the person's own read is not.
    assert as_user("ethics_a").get(case.get_absolute_url()).status_code == 200
    assert as_user("employee_a1").get(case.get_absolute_url()).status_code == 200
    assert sorted(e.actor.username for e in reads.all()) == ["ethics_a", "ethics_a2"]


def test_an_employee_declares_through_the_page_and_confirms(world: World, as_user: Any) -> None:
    client = as_user("employee_a1")
    response = client.post(
        "/ethics/declarations/add/",
        {
            "employee": _employee("a").pk,
            "kind": "former_employer",
            "related_organisation": "KazTech LLP",
            "starts_on": "2023-05-01",
            "ends_on": "2022-01-01",
        },
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 400
    assert "The end date cannot be before the start date." in response.content.decode()
    assert not Declaration.objects.exists()
    response = client.post(
        "/ethics/declarations/add/",
        {
            "employee": _employee("a").pk,
            "kind": "former_employer",
            "related_organisation": "KazTech LLP",
            "starts_on": "2023-05-01",
        },
    )
    assert response.status_code == 302
    row = Declaration.objects.get()
    Declaration.objects.filter(pk=row.pk).update(confirmed_on=dt.date(2024, 1, 1))
    response = client.post(f"/ethics/declarations/{row.pk}/confirm/", {})
    assert response.status_code == 302
    row.refresh_from_db()
    assert row.confirmed_on == timezone.localdate()


def test_hr_opens_a_case_through_the_api_but_does_not_read_it(world: World, api_as: Any) -> None:
    hr = api_as("hr_a")
    refused = hr.post(
        "/api/v1/ethics-cases/open/", {"employee": _employee("a").pk, "grounds": "  "}
    )
    assert refused.status_code == 400
    assert refused.json()["errors"][0]["field"] == "grounds"
    assert not Case.objects.exists()
    answer = hr.post(
        "/api/v1/ethics-cases/open/", {"employee": _employee("a").pk, "grounds": "Absent"}
    )
    assert answer.status_code == 201, answer.content
    case = Case.objects.get()
    assert (case.state, case.organisation) == ("open", world.orgs["unit_a1"])
    assert hr.get(f"/api/v1/ethics-cases/{case.pk}/").status_code == 404
    other = api_as("hr_b").post(
        "/api/v1/ethics-cases/open/", {"employee": _employee("a").pk, "grounds": "Absent"}
    )
    assert other.status_code == 400
    assert Case.objects.count() == 1
