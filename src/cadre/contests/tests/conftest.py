"""The contests' test world: a contest of body A ("Strategy of Success") open for
applications today, with two categories (GOV, DATA), a rubric of three criteria on a
1–5 scale (IDEA 50, TECH 30, IMPACT 20; TECH shows competency SA.1 of framework DG),
three jurors in GOV (juror1..3; juror1 has a record in unit B1) and one in DATA; people:
Aliya (employee of unit A1, ``employee_a1``'s record), Erlan (employee of body B,
``erlan``) and two external candidates (``ext``, ``ext2``)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from cadre.accounts import services as account_services
from cadre.competencies.models import Competency
from cadre.competencies.tests.factories import published_framework
from cadre.contests import services
from cadre.contests.models import Contest
from cadre.core.choices import Role
from cadre.core.testing.world import PASSWORD, World
from cadre.people.services import employee_create, employee_link_user

DESCRIPTORS = {"1": "Weak", "2": "Fair", "3": "Good", "4": "Strong", "5": "Outstanding"}


def account(world: World, username: str, role: str | None = None, where: str | None = None) -> Any:
    user = account_services.user_create(
        actor=world.users["admin"], username=username, password=PASSWORD
    )
    if role is not None:
        account_services.role_assignment_create(
            actor=world.users["admin"],
            user=user,
            role=role,
            organisation=world.orgs[where] if where else None,
        )
    world.users[username] = user
    return user


def person(world: World, personal_id: str, name: str, unit: str, user: Any = None) -> Any:
    employee = employee_create(
        actor=world.users["admin"],
        personal_id=personal_id,
        last_name=name,
        first_name="Test",
        birth_date=dt.date(1995, 1, 1),
        gender="F",
        organisation=world.orgs[unit],
    )
    if user is not None:
        employee_link_user(actor=world.users["admin"], employee=employee, user=user)
    return employee


def contest_data(world: World, where: str = "a", **kw: Any) -> dict[str, Any]:
    today = timezone.localdate()
    data: dict[str, Any] = {
        "organisation": world.orgs[f"body_{where}"],
        "title": "Strategy of Success",
        "applications_open": today - dt.timedelta(days=5),
        "applications_close": today + dt.timedelta(days=5),
        "screening_close": today + dt.timedelta(days=10),
        "scoring_close": today + dt.timedelta(days=20),
        "final_on": today + dt.timedelta(days=25),
        "results_on": today + dt.timedelta(days=30),
        "published": True,
        "post_group": "B",
    }
    data.update(kw)
    return data


@pytest.fixture
def setup(world: World) -> dict[str, Any]:
    admin = world.users["admin"]
    hr = world.users["hr_a"]
    version = published_framework(
        admin,
        code="DG",
        competencies=[
            {"code": "SA", "parent": None, "category": True, "name": {"en": "Systems analysis"}},
            {"code": "SA.1", "parent": "SA", "name": {"en": "Requirements"}},
        ],
    )
    sa1 = Competency.objects.get(version=version, code="SA.1")
    contest: Contest = services.contest_create(actor=hr, **contest_data(world))
    gov = services.category_add(actor=hr, contest=contest, code="GOV", name="Digital government")
    data = services.category_add(actor=hr, contest=contest, code="DATA", name="Data")
    services.criterion_add(
        actor=hr, contest=contest, code="IDEA", name="Idea", weight=50, descriptors=DESCRIPTORS
    )
    services.criterion_add(
        actor=hr,
        contest=contest,
        code="TECH",
        name="Technology",
        weight=30,
        descriptors=DESCRIPTORS,
        competency=sa1,
        levels={"1": 1, "2": 1, "3": 2, "4": 3, "5": 4},
    )
    services.criterion_add(
        actor=hr, contest=contest, code="IMPACT", name="Impact", weight=20, descriptors=DESCRIPTORS
    )
    jurors = []
    for i in (1, 2, 3):
        user = account(world, f"juror{i}", Role.EMPLOYEE, "body_b")
        if i == 1:  # juror1 works in unit B1: Erlan's entry is a conflict
            person(world, f"J000{i}", f"Juror{i}", "unit_b1", user)
        jurors.append(services.juror_add(actor=hr, category=gov, user=user))
    data_juror = account(world, "juror_data", Role.EMPLOYEE, "body_b")
    services.juror_add(actor=hr, category=data, user=data_juror)
    aliya = person(world, "A0001", "Aliya", "unit_a1", world.users["employee_a1"])
    erlan_user = account(world, "erlan", Role.EMPLOYEE, "body_b")
    erlan = person(world, "B0001", "Erlan", "unit_b1", erlan_user)
    account(world, "ext", Role.EXTERNAL_CANDIDATE)
    account(world, "ext2", Role.EXTERNAL_CANDIDATE)
    return {
        "contest": contest,
        "gov": gov,
        "data": data,
        "jurors": jurors,
        "aliya": aliya,
        "erlan": erlan,
        "sa1": sa1,
    }


def apply(
    world: World, setup: dict[str, Any], username: str, title: str, category: str = "gov", **kw: Any
) -> Any:
    return services.application_submit(
        actor=world.users[username],
        contest=setup["contest"],
        category=setup[category],
        title=title,
        summary=f"{title}: what it does",
        **kw,
    )


def admit(world: World, entry: Any) -> Any:
    return services.application_screen(actor=world.users["hr_a"], application=entry, eligible=True)


def score(world: World, username: str, entry: Any, idea: int, tech: int, impact: int) -> Any:
    return services.scorecard_submit(
        actor=world.users[username],
        application=entry,
        scores={"IDEA": idea, "TECH": tech, "IMPACT": impact},
    )


@pytest.fixture
def as_user(as_user: Any) -> Any:
    def make(username: str) -> Any:
        client = as_user(username)
        client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
        return client

    return make


@pytest.fixture
def api_as(api_as: Any) -> Any:
    def make(username: str) -> Any:
        client = api_as(username)
        client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
        return client

    return make
