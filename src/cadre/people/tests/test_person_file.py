"""A person's file: posts over time, education and certifications, added and corrected on
the person's page and through the API, checked, scoped and audited."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from cadre.core.models import AuditEvent
from cadre.core.testing.world import World
from cadre.orgs.models import Post
from cadre.orgs.services import post_create
from cadre.people import services
from cadre.people.models import Assignment, Certification, Education, Employee, Specialty

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
WHY = {"HTTP_X_CADRE_REASON": "Transfer"}


def _post(world: World, code: str, where: str) -> Post:
    return post_create(
        actor=world.users["admin"],
        organisation=world.orgs[where],
        code=code,
        title=f"Analyst {code}",
        salary_min=Decimal(1),
        salary_max=Decimal(2),
        currency="KZT",
        positions=2,
    )


@pytest.fixture
def person(world: World) -> Employee:
    return services.employee_create(
        actor=world.users["hr_a"],
        personal_id="KZ-0100",
        last_name="Ахметова",
        first_name="Динара",
        birth_date=dt.date(1990, 5, 17),
        gender="F",
        organisation=world.orgs["unit_a1"],
    )


def _events(person: Employee, action: str) -> list[dict[str, Any]]:
    return [
        e.changes
        for e in AuditEvent.objects.filter(
            object_type="people.employee", object_id=str(person.pk), action=action
        ).order_by("id")
    ]


def test_a_post_is_given_and_ended_on_the_page(as_user, world, person) -> None:
    post = _post(world, "P-A", "unit_a1")
    client = as_user("hr_a")
    base = f"/people/{person.pk}/posts"
    assert client.get(f"{base}/add/", **EN).status_code == 200
    response = client.post(
        f"{base}/add/", {"post": post.pk, "kind": "main", "start_date": "2025-01-01"}, **EN
    )
    assert response.status_code == 302
    assert response["Location"] == f"/people/{person.pk}/#posts-h"
    assignment = Assignment.objects.get(employee=person)
    assert _events(person, "assignment.start") == [
        {
            "post": [None, "Analyst P-A"],
            "kind": [None, "main"],
            "start_date": [None, "2025-01-01"],
            "end_date": [None, None],
        }
    ]
    end = f"{base}/{assignment.pk}/end/"
    early = client.post(end, {"end_date": "2024-12-31", "reason": "Transfer"}, **EN)
    assert early.status_code == 400
    assert "An assignment cannot end before it starts (2025-01-01)." in early.content.decode()
    assignment.refresh_from_db()
    assert assignment.end_date is None
    assert (
        client.post(end, {"end_date": "2025-06-30", "reason": "Transfer"}, **EN).status_code == 302
    )
    assignment.refresh_from_db()
    assert assignment.end_date == dt.date(2025, 6, 30)
    assert _events(person, "assignment.end") == [
        {"post": ["Analyst P-A", None], "end_date": [None, "2025-06-30"]}
    ]
    again = client.post(end, {"end_date": "2025-07-31", "reason": "Transfer"}, **EN)
    assert again.status_code == 400
    assert "This assignment already ended on 2025-06-30." in again.content.decode()


def test_a_post_outside_the_scope_cannot_be_chosen(as_user, world, person) -> None:
    foreign = _post(world, "P-B", "unit_b1")
    response = as_user("hr_a").post(
        f"/people/{person.pk}/posts/add/",
        {"post": foreign.pk, "kind": "main", "start_date": "2025-01-01"},
        **EN,
    )
    assert response.status_code == 400
    assert "Select a valid choice." in response.content.decode()
    assert not Assignment.objects.exists()


def test_education_is_added_checked_and_removed(as_user, world, person) -> None:
    client = as_user("hr_a")
    it = Specialty.objects.get(code="09.03.01")
    bad = client.post(
        f"/people/{person.pk}/education/add/",
        {"level": "3", "specialty": it.pk, "year": "nineteen"},
        **EN,
    )
    assert bad.status_code == 400
    assert "Enter a whole number." in bad.content.decode()
    assert not Education.objects.exists()
    good = client.post(
        f"/people/{person.pk}/education/add/",
        {"level": "3", "specialty": it.pk, "institution": "ENU", "year": "2012"},
        **EN,
    )
    assert good.status_code == 302
    record = Education.objects.get(employee=person)
    page = client.get(f"/people/{person.pk}/", **EN).content.decode()
    assert "Add education" in page and "ENU" in page
    remove = f"/people/{person.pk}/education/{record.pk}/delete/"
    assert client.post(remove, {"reason": "Entered twice"}).status_code == 302
    assert not Education.objects.exists()
    assert _events(person, "education.delete") == [
        {
            "level": [3, None],
            "specialty": ["09.03.01", None],
            "institution": ["ENU", None],
            "year": [2012, None],
        }
    ]


def test_a_certificate_cannot_expire_before_it_is_issued(as_user, world, person) -> None:
    client = as_user("hr_a")
    url = f"/people/{person.pk}/certifications/add/"
    data = {"name": "PRINCE2 Foundation", "issued_on": "2024-03-01", "expires_on": "2023-03-01"}
    bad = client.post(url, data, **EN)
    assert bad.status_code == 400
    assert "A certificate cannot expire before it is issued." in bad.content.decode()
    assert not Certification.objects.exists()
    assert client.post(url, {**data, "expires_on": "2027-03-01"}, **EN).status_code == 302
    assert _events(person, "certification.add") == [
        {
            "name": [None, "PRINCE2 Foundation"],
            "issued_on": [None, "2024-03-01"],
            "expires_on": [None, "2027-03-01"],
        }
    ]


@pytest.mark.parametrize(
    ("user", "status"), [("hr_b", 404), ("manager_a1", 403), ("employee_a1", 404)]
)
def test_only_those_who_keep_the_record_may_change_the_file(
    as_user, world, person, user, status
) -> None:
    client = as_user(user)
    for url in ("posts/add/", "education/add/", "certifications/add/"):
        assert client.get(f"/people/{person.pk}/{url}").status_code == status
        assert client.post(f"/people/{person.pk}/{url}", {}).status_code == status
    events = AuditEvent.objects.filter(object_type="people.employee", object_id=str(person.pk))
    assert list(events.values_list("action", flat=True)) == ["create"]


def test_the_page_offers_changes_only_to_those_who_may_make_them(as_user, world, person) -> None:
    assert "Put in a post" in as_user("hr_a").get(f"/people/{person.pk}/", **EN).content.decode()
    page = as_user("manager_a1").get(f"/people/{person.pk}/", **EN).content.decode()
    assert "Put in a post" not in page and "Add education" not in page


def test_the_file_through_the_api(api_as, world, person) -> None:
    post = _post(world, "P-A", "unit_a1")
    client = api_as("hr_a")
    made = client.post(
        "/api/v1/assignments/",
        {"employee": person.pk, "post": post.pk, "kind": "main", "start_date": "2025-01-01"},
        format="json",
    )
    assert made.status_code == 201, made.json()
    closed = client.patch(
        f"/api/v1/assignments/{made.json()['id']}/",
        {"end_date": "2024-01-01"},
        format="json",
        **WHY,
    )
    assert closed.status_code == 400
    assert closed.json()["errors"][0]["field"] == "end_date"
    extra = client.patch(
        f"/api/v1/assignments/{made.json()['id']}/", {"post": post.pk}, format="json", **WHY
    )
    assert extra.status_code == 400
    edu = client.post(
        "/api/v1/education/",
        {"employee": person.pk, "level": 4, "specialty": "09.03.01", "year": 2015},
        format="json",
    )
    assert edu.status_code == 201, edu.json()
    assert edu.json()["is_it"] is True
    listed = client.get("/api/v1/education/", {"employee": person.pk}).json()["results"]
    assert [(r["level"], r["specialty"]) for r in listed] == [(4, "09.03.01")]
    unknown = client.post(
        "/api/v1/education/",
        {"employee": person.pk, "level": 4, "specialty": "00.00.00"},
        format="json",
    )
    assert unknown.status_code == 400
    assert unknown.json()["errors"][0]["field"] == "specialty"
    outsider = api_as("hr_b")
    assert outsider.get("/api/v1/education/", {"employee": person.pk}).json()["results"] == []
    refused = outsider.post(
        "/api/v1/certifications/",
        {"employee": person.pk, "name": "PRINCE2", "issued_on": "2024-01-01"},
        format="json",
    )
    assert refused.status_code == 400
    assert refused.json()["errors"][0]["field"] == "employee"
    assert not Certification.objects.exists()


@pytest.mark.parametrize("user", ["admin", "hr_a"])
def test_a_partial_update_without_what_the_service_needs_is_refused(
    api_as, world, person, user
) -> None:
    post = _post(world, "P-A", "unit_a1")
    made = services.assignment_create(
        actor=world.users["hr_a"], employee=person, post=post, start_date=dt.date(2025, 1, 1)
    )
    client = api_as(user)
    before = AuditEvent.objects.count()
    answer = client.patch(f"/api/v1/assignments/{made.pk}/", {}, format="json", **EN, **WHY)
    assert answer.status_code == 400
    assert answer.json()["errors"] == [
        {"field": "end_date", "code": "required", "message": "This field is required."}
    ]
    made.refresh_from_db()
    assert made.end_date is None
    assert AuditEvent.objects.count() == before
