"""The external candidate's own page and API, closing the account, and what the role
sees of Cadre: its own pages only."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from cadre.accounts.models import RoleAssignment, User
from cadre.candidates import hooks, services
from cadre.candidates.models import CandidateProfile
from cadre.candidates.tests.conftest import PASSWORD, verified_candidate
from cadre.core.choices import AuditSource
from cadre.core.errors import ApplicationError
from cadre.core.models import AuditEvent
from cadre.core.registry import menu_groups_for
from cadre.core.testing import crud
from cadre.demo.tests.test_links import _walk
from cadre.orgs import services as org_services
from cadre.orgs.choices import OrgKind

pytestmark = pytest.mark.django_db


class TestCandidateProfileCases(crud.CrudBase):
    """The profile has no list, add, edit or delete pages by id and no API route: only the
    owner's own page and ``/api/v1/candidates/me/``, tested below (no other user reaches a
    profile: there is no id to try)."""

    model = CandidateProfile


@pytest.fixture
def candidate(django_capture_on_commit_callbacks: Any) -> tuple[Client, User]:
    client = Client()
    user = verified_candidate(client, django_capture_on_commit_callbacks)
    return client, user


@pytest.fixture
def region(world: Any) -> Any:
    return org_services.organisation_create(
        actor=world.users["admin"],
        name="Kaluga region",
        code="KLG",
        kind=OrgKind.REGION,
        parent=world.orgs["country"],
        source=AuditSource.SYSTEM,
    )


def _profile_form(**extra: Any) -> dict[str, Any]:
    data = {
        "first_name": "Aigerim",
        "last_name": "Sadykova-Nurlanovna",
        "phone": "+7 701 555-12-34",
        "region": "",
        "willing_to_relocate": "on",
        "cv": "Data engineer, 5 years: Python, PostgreSQL.",
    }
    data.update(extra)
    return data


def test_profile_page_edits_and_audits(candidate: Any, region: Any) -> None:
    client, user = candidate
    page = client.get("/candidates/me/", HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200
    assert "Kaluga region" in page.content.decode()  # the region picker lists it
    response = client.post("/candidates/me/", _profile_form(region=region.pk))
    assert response.status_code == 302
    profile = CandidateProfile.objects.select_related("user").get(user=user)
    assert (
        profile.user.last_name,
        profile.phone,
        profile.region_id,
        profile.willing_to_relocate,
        profile.cv,
    ) == (
        "Sadykova-Nurlanovna",
        "+7 701 555-12-34",
        region.pk,
        True,
        "Data engineer, 5 years: Python, PostgreSQL.",
    )
    updates = AuditEvent.objects.filter(action="update", actor=user).order_by("pk")
    named = updates.get(object_type="accounts.user")
    assert named.changes == {"last_name": ["Sadykova", "Sadykova-Nurlanovna"]}
    profiled = updates.filter(object_type="candidates.candidateprofile").last()
    assert profiled is not None
    assert profiled.changes["phone"] == ["", "+7 701 555-12-34"]
    assert profiled.changes["willing_to_relocate"] == [False, True]


def test_profile_bad_input_saves_nothing(candidate: Any, world: Any) -> None:
    client, user = candidate
    response = client.post(
        "/candidates/me/",
        _profile_form(phone="call me", region=world.orgs["body_a"].pk, first_name=""),
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 400
    text = response.content.decode()
    assert (
        "Enter a telephone number: digits, spaces, brackets and dashes, optionally after +." in text
    )
    assert "Select a valid choice. That choice is not one of the available choices." in text
    assert "This field is required." in text
    profile = CandidateProfile.objects.get(user=user)
    assert (profile.phone, profile.region_id, profile.cv) == ("", None, "")
    # The service refuses what the form would let through (a body, not a region).
    with pytest.raises(ApplicationError) as refused:
        services.candidate_profile_update(actor=user, region=world.orgs["body_a"])
    assert "region" in refused.value.errors
    assert CandidateProfile.objects.get(user=user).region_id is None


def test_api_profile_get_and_patch(candidate: Any, region: Any) -> None:
    client, user = candidate
    got = client.get("/api/v1/candidates/me/")
    assert got.status_code == 200
    assert got.json()["email"] == "aigerim@example.kz"
    assert got.json()["region"] is None
    patched = client.patch(
        "/api/v1/candidates/me/",
        json.dumps({"region": region.pk, "cv": "Mobile developer", "willing_to_relocate": True}),
        content_type="application/json",
    )
    assert patched.status_code == 200, patched.content
    assert (patched.json()["region"], patched.json()["region_name"], patched.json()["cv"]) == (
        region.pk,
        "Kaluga region",
        "Mobile developer",
    )
    bad = client.patch(
        "/api/v1/candidates/me/",
        json.dumps({"phone": "x", "salary": 1}),
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert bad.status_code == 400
    assert bad.json()["errors"] == [
        {"field": "salary", "code": "unknown_field", "message": "Unknown field."}
    ]
    bad = client.patch(
        "/api/v1/candidates/me/",
        json.dumps({"phone": "x"}),
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert bad.status_code == 400
    assert bad.json()["errors"][0]["field"] == "phone"
    assert CandidateProfile.objects.get(user=user).phone == ""


def test_api_profile_is_404_for_staff(world: Any, api_as: Any) -> None:
    assert api_as("hr_a").get("/api/v1/candidates/me/").status_code == 404
    assert Client().get("/api/v1/candidates/me/").status_code in (401, 403)


def test_close_account(candidate: Any) -> None:
    client, user = candidate
    assert client.get("/candidates/me/close/").status_code == 200
    wrong = client.post(
        "/candidates/me/close/", {"confirm": "on", "password": "nope"}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert wrong.status_code == 400 and "The password is not correct." in wrong.content.decode()
    unticked = client.post("/candidates/me/close/", {"password": PASSWORD})
    assert unticked.status_code == 400
    assert User.objects.get(pk=user.pk).is_active
    done = client.post(
        "/candidates/me/close/",
        {"confirm": "on", "password": PASSWORD},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert done.status_code == 302 and done["Location"] == "/accounts/login/"
    user.refresh_from_db()
    assert (user.username, user.email, user.first_name, user.is_active) == (
        f"closed-{user.pk}",
        "",
        "",
        False,
    )
    assert not user.has_usable_password()
    assert not CandidateProfile.objects.filter(user=user).exists()
    assert not RoleAssignment.objects.filter(user=user).exists()
    closing = AuditEvent.objects.get(action="user.close", object_id=str(user.pk))
    assert "aigerim" not in json.dumps(closing.changes)
    assert closing.reason == "Closed by its owner."
    # Signed out; the address is free for a new sign-up.
    assert client.get("/candidates/me/").status_code == 302


def test_close_refused_while_in_progress(candidate: Any) -> None:
    client, user = candidate

    def busy(who: Any) -> list[str]:
        return ["Strategy of Success 2026 (jury scoring)"] if who.pk == user.pk else []

    hooks.in_progress.append(busy)
    try:
        page = client.get("/candidates/me/close/", HTTP_ACCEPT_LANGUAGE="en")
        assert "Strategy of Success 2026 (jury scoring)" in page.content.decode()
        refused = client.post(
            "/candidates/me/close/",
            {"confirm": "on", "password": PASSWORD},
            HTTP_ACCEPT_LANGUAGE="en",
        )
        assert refused.status_code == 400
        with pytest.raises(ApplicationError) as exc:
            services.candidate_account_close(actor=user, password=PASSWORD)
        assert str(exc.value) == (
            "Your account cannot be closed while you have applications in progress: "
            "Strategy of Success 2026 (jury scoring). Withdraw them or wait for their "
            "decision first."
        )
    finally:
        hooks.in_progress.remove(busy)
    user.refresh_from_db()
    assert user.is_active and CandidateProfile.objects.filter(user=user).exists()


def test_menu_shows_only_their_pages(candidate: Any, world: Any) -> None:
    _client, user = candidate
    links = [link for group in menu_groups_for(user) for _label, link in group.links]
    # Their own pages only: the talent apps add theirs (contests' test checks which).
    assert "/people/" not in links and "/candidates/me/" in links
    # Other roles keep their menu and do not get "My profile".
    hr_links = [link for g in menu_groups_for(world.users["hr_a"]) for _l, link in g.links]
    assert "/candidates/me/" not in hr_links and "/people/" in hr_links


def test_home_welcomes_and_asks_for_the_missing_fields(candidate: Any) -> None:
    client, _user = candidate
    text = client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Complete your profile: contact phone, preferred region, short CV" in text
    assert "Welcome, external candidate" in text


def test_candidate_walks_no_link_to_a_refused_page(candidate: Any, world: Any) -> None:
    client, _user = candidate
    pages, bad = _walk(client)
    assert bad == []
    assert pages >= 5


def test_staff_lists_are_refused_or_empty(candidate: Any, world: Any) -> None:
    client, _user = candidate
    for name in (
        "people:employee_list",
        "orgs:organisation_list",
        "kpi:actual_list",
        "kpi:assignment_list",
        "accounts:roleassignment_list",
        "appeals:appeal_list",
        "projects:project_list",
    ):
        response = client.get(reverse(name), HTTP_ACCEPT_LANGUAGE="en")
        assert response.status_code in (200, 403), name
        if response.status_code == 200:
            assert 'class="empty"' in response.content.decode(), name
    users = client.get("/accounts/users/", HTTP_ACCEPT_LANGUAGE="en")
    text = users.content.decode()
    assert "aigerim@example.kz" in text and "hr_a" not in text
    for api in ("/api/v1/users/", "/api/v1/organisations/", "/api/v1/employees/"):
        answer = client.get(api)
        assert answer.status_code == 403 or answer.json()["count"] <= 1, api
    assert client.get("/api/v1/role-assignments/").status_code in (403, 200)


def test_close_refused_for_an_appointed_candidate(candidate: Any, world: Any) -> None:
    """An external candidate appointed to a post (talent links an employee record to their
    account) keeps the account: HR keeps the record, erasure goes through privacy."""
    import datetime as dt

    from cadre.people.models import Employee
    from cadre.people.services import employee_create, employee_link_user

    client, user = candidate
    employee = employee_create(
        actor=world.users["admin"],
        personal_id="PAPPOINTED01",
        last_name="Sadykova",
        first_name="Aigerim",
        birth_date=dt.date(1990, 1, 1),
        gender="F",
        organisation=world.orgs["unit_a1"],
    )
    employee_link_user(actor=world.users["admin"], employee=employee, user=user)
    roles = set(RoleAssignment.objects.filter(user=user).values_list("role", flat=True))
    events = AuditEvent.objects.count()
    refused = client.post(
        "/candidates/me/close/",
        {"confirm": "on", "password": PASSWORD},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    message = (
        "Your account cannot be closed: it belongs to an employee record kept by HR. "
        "Ask for the erasure of your personal data instead."
    )
    assert refused.status_code == 400 and message in refused.content.decode()
    with pytest.raises(ApplicationError) as exc:
        services.candidate_account_close(actor=user, password=PASSWORD)
    assert str(exc.value) == message
    user.refresh_from_db()
    assert (user.is_active, user.email) == (True, "aigerim@example.kz")
    assert CandidateProfile.objects.filter(user=user).exists()
    assert set(RoleAssignment.objects.filter(user=user).values_list("role", flat=True)) == roles
    assert Employee.objects.get(pk=employee.pk).user_id == user.pk
    assert AuditEvent.objects.count() == events
