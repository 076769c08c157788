"""The scope vocabulary of decision 0016: data classes, line management, membership and
counting without listing — each through the one ``restrict`` every page and endpoint uses,
and through HTTP where users meet it."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from cadre.accounts.models import User
from cadre.assessments.models import Campaign
from cadre.core import permissions
from cadre.core.permissions import DataClass, class_reach, forget_permissions
from cadre.core.testing.world import World
from cadre.orgs.models import Organisation
from cadre.orgs.services import organisation_create, post_create
from cadre.people.models import Employee
from cadre.people.services import (
    assignment_create,
    assignment_end,
    employee_create,
    employee_link_user,
)

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def person(world: World, pid: str, unit: str, *, user: User | None = None) -> Employee:
    admin = world.users["admin"]
    employee = employee_create(
        actor=admin,
        personal_id=pid,
        last_name=f"Person{pid}",
        first_name="Test",
        birth_date=dt.date(1990, 1, 1),
        gender="F",
        organisation=world.orgs[unit],
    )
    if user is not None:
        employee_link_user(actor=admin, employee=employee, user=user)
    return employee


def head_post(world: World, unit: str, *, head: bool = True) -> Any:
    return post_create(
        actor=world.users["admin"],
        organisation=world.orgs[unit],
        code=f"HEAD-{unit}-{head}",
        title="Head of unit",
        salary_min=Decimal(1),
        salary_max=Decimal(2),
        currency="KZT",
        is_head=head,
    )


# --- line management ----------------------------------------------------------------------


@pytest.fixture
def line(world: World) -> dict[str, Any]:
    """``nobody`` (no role at all) heads unit A1; a sub-unit under A1; people in A1, in the
    sub-unit and in B1."""
    admin = world.users["admin"]
    world.orgs["unit_a1x"] = organisation_create(
        actor=admin, name="Unit A1x", code="UNIT_A1X", kind="unit", parent=world.orgs["unit_a1"]
    )
    head = person(world, "H1", "unit_a1", user=world.users["nobody"])
    post = head_post(world, "unit_a1")
    started = TODAY - dt.timedelta(days=30)
    held = assignment_create(actor=admin, employee=head, post=post, start_date=started)
    return {
        "held": held,
        "in_a1": person(world, "P1", "unit_a1"),
        "below": person(world, "P2", "unit_a1x"),
        "in_b1": person(world, "P3", "unit_b1"),
    }


def test_the_head_of_a_unit_sees_its_people_and_those_of_the_units_under_it(
    world: World, line: dict[str, Any], api_as: Any
) -> None:
    seen = Employee.objects.restrict(world.users["nobody"], "view")
    assert set(seen.values_list("personal_id", flat=True)) == {"H1", "P1", "P2"}
    # the same through the API, as the head's token sees it; no more than viewing
    body = api_as("nobody").get("/api/v1/employees/?page_size=50").json()
    assert sorted(r["last_name"] for r in body["results"]) == ["PersonH1", "PersonP1", "PersonP2"]
    assert Employee.objects.restrict(world.users["nobody"], "change").count() == 0
    assert api_as("nobody").get(f"/api/v1/employees/{line['in_b1'].pk}/").status_code == 404


def test_a_post_that_does_not_head_its_unit_gives_no_line(world: World) -> None:
    admin = world.users["admin"]
    clerk = person(world, "C1", "unit_a1", user=world.users["nobody"])
    assignment_create(
        actor=admin, employee=clerk, post=head_post(world, "unit_a1", head=False), start_date=TODAY
    )
    seen = Employee.objects.restrict(world.users["nobody"], "view")
    assert list(seen.values_list("personal_id", flat=True)) == ["C1"]  # their own row only


def test_the_line_ends_with_the_head_post(world: World, line: dict[str, Any]) -> None:
    nobody = world.users["nobody"]
    assert Employee.objects.restrict(nobody, "view").count() == 3
    assignment_end(
        actor=world.users["admin"],
        assignment=line["held"],
        end_date=TODAY - dt.timedelta(days=1),
        reason="left",
    )
    forget_permissions(nobody)
    assert list(
        Employee.objects.restrict(nobody, "view").values_list("personal_id", flat=True)
    ) == ["H1"]


def test_a_head_sees_no_personal_data_of_their_people(
    world: World, line: dict[str, Any], api_as: Any
) -> None:
    body = api_as("nobody").get(f"/api/v1/employees/{line['in_a1'].pk}/").json()
    assert body["last_name"] == "PersonP1"
    assert "personal_id" not in body and "birth_date" not in body
    own = api_as("nobody").get(f"/api/v1/employees/{line['held'].employee_id}/").json()
    assert (own["personal_id"], own["birth_date"]) == ("H1", "1990-01-01")


# --- data classes -------------------------------------------------------------------------


def test_a_star_grant_does_not_reach_a_classed_model_without_the_class(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Answers to tests are ``assessment_answers``: the auditor's ``*`` reaches them only
    because the class is granted to auditors by name; without it, nothing — while the rest
    of what ``*`` reaches is unchanged."""
    auditor = world.users["auditor"]
    assert permissions.MODEL_CLASSES["assessments.attempt"] == DataClass.ASSESSMENT_ANSWERS
    assert permissions.MODEL_CLASSES["ratings.rating"] == DataClass.RATING_IDENTITY
    assert permissions.reach_of_user(auditor, "assessments.attempt", "view").everything

    monkeypatch.setitem(
        permissions.ROLE_CLASSES,
        "auditor",
        permissions.ROLE_CLASSES["auditor"] - {DataClass.ASSESSMENT_ANSWERS},
    )
    forget_permissions(auditor)
    reach = permissions.reach_of_user(auditor, "assessments.attempt", "view")
    assert (reach.everything, reach.paths, reach.own) == (False, [], True)  # own answers only
    assert Organisation.objects.restrict(auditor, "view").count() == len(world.orgs)


def test_personal_data_is_a_class_granted_by_role(world: World) -> None:
    users = world.users
    assert {
        name: not class_reach(users[name], DataClass.PERSONAL).nothing
        for name in ("admin", "hr_a", "auditor", "auditor_a", "manager_a1", "employee_a1", "nobody")
    } == {
        "admin": True,
        "hr_a": True,
        "auditor": True,
        "auditor_a": True,
        "manager_a1": False,
        "employee_a1": False,
        "nobody": False,
    }
    assert class_reach(users["hr_a"], DataClass.PERSONAL).paths == [world.orgs["body_a"].path]
    # pay is granted to nobody here: the pay app grants it to the roles that keep pay
    assert class_reach(users["auditor"], DataClass.PAY).nothing


def test_an_unknown_data_class_is_refused_at_start() -> None:
    with pytest.raises(ValueError, match="unknown data classes"):
        permissions.grant_classes("auditor", {"salaries"})


# --- membership ---------------------------------------------------------------------------


def test_members_reach_the_rows_they_are_members_of(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A model that declares who its members are (a panel, a jury) and a member grant: each
    member reaches exactly the rows they belong to, whatever body those rows are in."""
    from cadre.assessments.campaigns import campaign_create

    admin = world.users["admin"]
    member = person(world, "M1", "unit_b1", user=world.users["nobody"])
    in_a = campaign_create(
        actor=admin, organisation=world.orgs["body_a"], title="A", closes_on=TODAY
    )
    campaign_create(actor=admin, organisation=world.orgs["body_a"], title="B", closes_on=TODAY)
    in_a.participants.create(employee=member)
    monkeypatch.setattr(
        Campaign, "scope_member_field", "participants__employee__user", raising=False
    )
    monkeypatch.setattr(Campaign, "scope_many", True, raising=False)
    monkeypatch.setitem(permissions.MEMBER_GRANTS, "assessments.campaign", permissions.VIEW)
    nobody = world.users["nobody"]
    assert list(Campaign.objects.restrict(nobody, "view")) == [in_a]
    assert Campaign.objects.restrict(nobody, "change").count() == 0


# --- counting without listing -------------------------------------------------------------


def test_aggregate_is_implied_by_view_and_may_be_granted_alone(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    hr_a, nobody = world.users["hr_a"], world.users["nobody"]
    person(world, "A1", "unit_a1")
    person(world, "B1", "unit_b1")
    assert Employee.objects.restrict(hr_a, "aggregate").count() == 1  # as far as it views
    # a role granted counting alone: it counts what it may not list
    monkeypatch.setitem(
        permissions.ROLE_GRANTS, "employee", {"people.employee": permissions.AGGREGATE}
    )
    employee = world.users["employee_a1"]
    forget_permissions(employee)
    assert Employee.objects.restrict(employee, "aggregate").count() == 1  # unit A1's person
    assert Employee.objects.restrict(employee, "view").count() == 0
    assert Employee.objects.restrict(nobody, "aggregate").count() == 0
