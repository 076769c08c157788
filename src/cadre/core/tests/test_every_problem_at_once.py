"""A submitted form reports every problem at once: its fields' and its service's rules."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from cadre.core.errors import ApplicationError
from cadre.core.testing.world import World
from cadre.learning.models import TrainingTarget


def test_every_problem_of_a_target_is_shown_in_one_round(as_user, world: World) -> None:
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    response = as_user("hr_a").post(
        "/learning/targets/add/",
        {
            "organisation": world.orgs["body_a"].pk,
            "title": "",  # refused by the form
            "kind": "course",  # without a course: refused by the service's rules
            "target": "",
            "due_on": yesterday.isoformat(),  # in the past: the service's rule too
        },
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "This field is required." in page
    assert "The end date is in the past." in page
    assert "Choose the course." in page
    assert not TrainingTarget.objects.exists()


def test_the_target_service_names_every_problem(world: World) -> None:
    from cadre.learning import plans

    with pytest.raises(ApplicationError) as caught:
        plans.target_create(
            actor=world.users["hr_a"],
            organisation=world.orgs["body_b"],
            title="Everything wrong",
            kind="competency",
            competency="NOPE:1",
            level=0,
            target=0,
            due_on=timezone.localdate() - dt.timedelta(days=1),
        )
    assert caught.value.errors == {
        "organisation": ["You may not set targets for “Body B”."],
        "due_on": ["The end date is in the past."],
        "target": ["The target is at least 1 person."],
        "competency": [
            "Unknown competency “NOPE:1”; give it as FRAMEWORK:CODE of a published version."
        ],
        "level": ["Give the level to reach."],
    }
    assert caught.value.code == "scope"
    assert not TrainingTarget.objects.exists()


def test_a_post_form_shows_the_overlap_with_its_field_errors(as_user, world: World) -> None:
    from decimal import Decimal

    from cadre.orgs.services import post_create
    from cadre.people import services
    from cadre.people.models import Assignment

    admin = world.users["admin"]
    post = post_create(
        actor=admin,
        organisation=world.orgs["unit_a1"],
        code="P1",
        title="Analyst",
        salary_min=Decimal(1),
        salary_max=Decimal(2),
        currency="KZT",
    )
    person = services.employee_create(
        actor=admin,
        personal_id="P-1",
        last_name="Person",
        first_name="X",
        birth_date=dt.date(1990, 1, 1),
        gender="M",
        organisation=world.orgs["body_a"],
    )
    services.assignment_create(
        actor=admin, employee=person, post=post, start_date=dt.date(2025, 3, 1)
    )
    response = as_user("hr_a").post(
        f"/people/{person.pk}/posts/add/",
        {"post": "", "kind": "main", "start_date": "2025-01-01"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 400
    page: Any = response.content.decode()
    assert "This field is required." in page
    assert (
        "The person&#x27;s current main post started on 2025-03-01; a new one must start later."
        in page
    )
    assert Assignment.objects.filter(employee=person).count() == 1


def test_a_move_under_its_own_unit_is_shown_with_the_field_errors(as_user, world: World) -> None:
    body = world.orgs["body_a"]
    response = as_user("admin").post(
        f"/orgs/{body.pk}/edit/",
        {"name": "", "code": body.code, "kind": body.kind, "parent": world.orgs["unit_a1"].pk},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "This field is required." in page
    assert "An organisation cannot be moved under itself or its own descendants." in page
    body.refresh_from_db()
    assert (body.name, body.parent_id) == ("Body A", world.orgs["country"].pk)


def test_a_crosswalk_form_shows_the_scale_problem_with_the_field_errors(
    as_user, world: World
) -> None:
    from cadre.competencies.models import Competency, Crosswalk
    from cadre.competencies.tests.factories import published_framework

    ours = published_framework(world.users["admin"], code="T")
    published_framework(world.users["admin"], code="SFIA")
    source = Competency.objects.get(version=ours, code="S.1")
    response = as_user("admin").post(
        ours.get_absolute_url(),
        {"source": source.pk, "source_level": "", "target": "SFIA:S.1", "target_level": "SFIA:9"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "This field is required." in page
    # the levels are a list of the published scales now: a level not on them is refused there
    assert "Choose a level of a published framework&#x27;s scale." in page
    assert not Crosswalk.objects.exists()


def test_a_standard_form_without_levels_says_so_with_the_field_errors(
    as_user, world: World
) -> None:
    from django.urls import reverse

    from cadre.competencies.models import ProfileVersion
    from cadre.competencies.tests.factories import published_framework
    from cadre.competencies.tests.test_standards import make_profile

    published_framework(world.users["admin"])
    profile = make_profile(world, "a")
    response = as_user("hr_a").post(
        reverse("competencies:profileversion_add", args=[profile.pk]),
        {"legal_document": "Order 3", "legal_date": ""},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "This field is required." in page
    assert "A standard requires at least one competency." in page
    assert not ProfileVersion.objects.exists()
