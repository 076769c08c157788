"""The reserve's and the vacancies' rules through their services: each bad input refused
with its field and reason, nothing changed; terms by country; filling appoints."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import override_settings

from cadre.core.errors import ApplicationError
from cadre.core.models import AuditEvent
from cadre.core.testing.world import World
from cadre.people.models import Assignment, Employee
from cadre.talent import services
from cadre.talent.models import ReserveEntry, Vacancy

pytestmark = pytest.mark.django_db

DAY = dt.date(2026, 3, 2)


def _refused(call: Any, field: str | None, message: str) -> None:
    with pytest.raises(ApplicationError) as caught:
        call()
    assert field in caught.value.errors, caught.value.errors
    assert message in [str(m) for m in caught.value.errors[field]], caught.value.errors


def entry(world: World, actor: str = "hr_a", **kw: Any) -> ReserveEntry:
    data: dict[str, Any] = {
        "organisation": world.orgs["body_a"],
        "post_group": "C-4",
        "source": "assessment",
        "source_ref": "campaign:1",
        "today": DAY,
    }
    data.update(kw)
    return services.reserve_entry_create(actor=world.users[actor], **data)


def test_entry_lasts_by_the_country_rule(world: World, people: dict[str, Any]) -> None:
    world.orgs["country"].country = "KZ"
    world.orgs["country"].save()
    kz = entry(world, employee=people["aliya"])
    assert (kz.started_on, kz.expires_on, kz.status) == (DAY, dt.date(2028, 3, 2), "active")
    world.orgs["country"].country = "RU"
    world.orgs["country"].save()
    ru = entry(world, employee=people["bolat"])
    assert ru.expires_on == dt.date(2029, 3, 2)
    world.orgs["country"].country = "VN"
    world.orgs["country"].save()
    with override_settings(CADRE_RESERVE_YEARS_VN=5):
        vn = entry(world, employee=people["aliya"], post_group="C-3")
    assert vn.expires_on == dt.date(2031, 3, 2)
    assert (
        AuditEvent.objects.filter(object_type="talent.reserveentry", action="create").count() == 3
    )


def test_entry_refuses_bad_input_and_saves_nothing(world: World, people: dict[str, Any]) -> None:
    entry(world, employee=people["aliya"])
    before = (ReserveEntry.objects.count(), AuditEvent.objects.count())
    _refused(
        lambda: entry(world, employee=people["aliya"]),
        "post_group",
        "The person is already in this reserve for this post group.",
    )
    _refused(
        lambda: entry(world, employee=people["bolat"], candidate=people["cand"]),
        "employee",
        "Choose either an employee or an external candidate.",
    )
    _refused(
        lambda: entry(world, candidate=world.users["nobody"]),
        "candidate",
        "“nobody” is not an external candidate.",
    )
    _refused(
        lambda: entry(world, employee=people["bolat"], levels={"A.1": 11}),
        "levels",
        "The level of “A.1” must be a whole number from 1 to 10.",
    )
    _refused(
        lambda: entry(world, "hr_b", employee=people["bolat"]),
        "organisation",
        "You may not keep the reserve of “Body A”.",
    )
    _refused(
        lambda: entry(world, candidate=people["cand"], organisation=None),
        "organisation",
        "Only a national role keeps the national reserve of external candidates.",
    )
    assert (ReserveEntry.objects.count(), AuditEvent.objects.count()) == before


def test_vacancy_opens_only_on_a_vacant_post(
    world: World, people: dict[str, Any], analyst: Any
) -> None:
    vacancy = services.vacancy_open(actor=world.users["hr_a"], post=analyst)
    assert vacancy.status == "open"
    assert vacancy.standard is not None and vacancy.standard.profile.code == "STD-1"
    from cadre.talent.tests.conftest import post

    full = post(world, "AN-0", positions=0)
    before = (Vacancy.objects.count(), AuditEvent.objects.count())
    _refused(
        lambda: services.vacancy_open(actor=world.users["hr_a"], post=analyst),
        "post",
        "Every vacant position of the post “Analyst AN-1” has an open vacancy already.",
    )
    _refused(
        lambda: services.vacancy_open(actor=world.users["hr_a"], post=full),
        "post",
        "The post “Analyst AN-0” has no vacant position: 0 positions, 0 held.",
    )
    _refused(
        lambda: services.vacancy_open(actor=world.users["hr_b"], post=analyst),
        "post",
        "You may not open vacancies in “Unit A1”.",
    )
    assert (Vacancy.objects.count(), AuditEvent.objects.count()) == before


def test_filling_with_a_candidate_creates_the_record_and_appoints(
    world: World, people: dict[str, Any], analyst: Any
) -> None:
    mine = entry(world, candidate=people["cand"], organisation=None, actor="admin")
    vacancy = services.vacancy_open(actor=world.users["hr_a"], post=analyst)
    assignment = services.vacancy_fill(
        actor=world.users["hr_a"],
        vacancy=vacancy,
        candidate=people["cand"],
        start_date=DAY,
        reason="Competition 7: winner",
        employee_fields={"personal_id": "C0001", "birth_date": dt.date(1995, 5, 5), "gender": "F"},
    )
    dana = Employee.objects.get(user=people["cand"])
    assert (dana.last_name, dana.first_name, dana.email) == ("Serik", "Dana", "dana@example.org")
    assert (assignment.employee, assignment.post, assignment.start_date) == (dana, analyst, DAY)
    mine.refresh_from_db()
    vacancy.refresh_from_db()
    assert (mine.status, mine.status_reason) == ("appointed", "Competition 7: winner")
    assert (vacancy.status, vacancy.filled_by, vacancy.closed_on) == ("filled", dana, DAY)


def test_filling_refuses_a_post_no_longer_vacant(
    world: World, people: dict[str, Any], analyst: Any
) -> None:
    vacancy = services.vacancy_open(actor=world.users["hr_a"], post=analyst)
    # the vacant place is taken outside the vacancy
    from cadre.people.services import assignment_create

    assignment_create(
        actor=world.users["admin"], employee=people["aliya"], post=analyst, start_date=DAY
    )
    before = (Assignment.objects.count(), AuditEvent.objects.count())
    _refused(
        lambda: services.vacancy_fill(
            actor=world.users["hr_a"],
            vacancy=vacancy,
            employee=people["erlan"],
            start_date=DAY,
            reason="Competition 8",
        ),
        "post",
        "The post “Analyst AN-1” has no vacant position: 2 positions, 2 held.",
    )
    assert (Assignment.objects.count(), AuditEvent.objects.count()) == before
    vacancy.refresh_from_db()
    assert vacancy.status == "open"


def test_a_managers_nomination_waits_for_the_hr_office(
    world: World, people: dict[str, Any]
) -> None:
    _refused(
        lambda: entry(world, "manager_a1", employee=people["aliya"], organisation=None),
        "source",
        "A manager nominates people to the reserve; the HR office enters the other sources.",
    )
    nominated = entry(
        world, "manager_a1", employee=people["aliya"], organisation=None, source="nomination"
    )
    assert nominated.status == "pending"
    approved = services.reserve_entry_approve(actor=world.users["hr_a"], entry=nominated)
    assert (approved.status, approved.approved_by) == ("active", world.users["hr_a"])
    withdrawn = services.reserve_entry_withdraw(
        actor=world.users["hr_a"], entry=approved, reason="Left the service"
    )
    assert (withdrawn.status, withdrawn.status_reason) == ("withdrawn", "Left the service")
