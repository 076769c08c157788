"""Finding people: by the exact identifier, or by the start of last and first names."""

from __future__ import annotations

import datetime as dt

import pytest

from cadre.core.testing.world import World
from cadre.people import services

PEOPLE = [
    ("KZ-0001", "Ахметова", "Динара"),
    ("KZ-0002", "Ахметов", "Ерлан"),
    ("KZ-0003", "Серікова", "Ахметжан"),
    ("900101300001", "Нурланов", "Арман"),
    ("VN-0001", "Nguyen", "Hoa"),
]


@pytest.fixture
def people(world: World) -> World:
    for pid, last, first in PEOPLE:
        services.employee_create(
            actor=world.users["hr_a"],
            personal_id=pid,
            last_name=last,
            first_name=first,
            birth_date=dt.date(1990, 1, 1),
            gender="F",
            organisation=world.orgs["unit_a1"],
        )
    return world


@pytest.mark.parametrize(
    ("q", "found"),
    [
        ("Ахмет", ["KZ-0001", "KZ-0002", "KZ-0003"]),
        ("Ахмет Дин", ["KZ-0001"]),
        ("  Дин   Ахмет ", ["KZ-0001"]),
        ("900101300001", ["900101300001"]),
        ("9001013", []),  # an identifier is matched whole, never by a part
        ("метова", []),  # names by their start, not any substring
        ("nguyen HOA", ["VN-0001"]),
        ("", ["900101300001", "KZ-0001", "KZ-0002", "KZ-0003", "VN-0001"]),
    ],
)
def test_search_finds_people_by_identifier_or_name_starts(api_as, people: World, q, found) -> None:
    response = api_as("hr_a").get("/api/v1/employees/", {"q": q, "page_size": 50})
    assert response.status_code == 200
    assert sorted(r["personal_id"] for r in response.json()["results"]) == found


def test_search_stays_inside_the_scope(api_as, people: World) -> None:
    response = api_as("hr_b").get("/api/v1/employees/", {"q": "Ахмет"})
    assert response.json()["results"] == []


def test_search_results_on_the_page_are_sorted_by_name(as_user, people: World) -> None:
    import re

    page = as_user("hr_a").get("/people/?q=Ахмет", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    names = re.findall(r'<a href="/people/\d+/">([^<]+)</a>', page)
    assert names == ["Ахметов Ерлан", "Ахметова Динара", "Серікова Ахметжан"]
    page = (
        as_user("hr_a")
        .get("/people/?q=Ахмет&sort=-last_name", HTTP_ACCEPT_LANGUAGE="en")
        .content.decode()
    )
    names = re.findall(r'<a href="/people/\d+/">([^<]+)</a>', page)
    assert names == ["Серікова Ахметжан", "Ахметова Динара", "Ахметов Ерлан"]


def test_the_people_list_costs_the_same_queries_whatever_the_page_size(as_user, world) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for i in range(55):
        services.employee_create(
            actor=world.users["hr_a"],
            personal_id=f"KZ-1{i:03d}",
            last_name=f"Person{i:02d}",
            first_name="Test",
            birth_date=dt.date(1990, 1, 1),
            gender="M",
            organisation=world.orgs["unit_a1"],
        )
    client = as_user("hr_a")
    counts = []
    for per_page in (25, 50):
        with CaptureQueriesContext(connection) as ctx:
            page = client.get(f"/people/?per_page={per_page}").content.decode()
        assert page.count('<tr><td><a href="/people/') == per_page
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1]


@pytest.fixture
def desk(people: World) -> World:
    from cadre.accounts import services as account_services
    from cadre.accounts.choices import Role

    admin = people.users["admin"]
    user = account_services.user_create(actor=admin, username="desk_a", password="x" * 12 + "Aa1!")
    account_services.role_assignment_create(
        actor=admin, user=user, role=Role.SERVICE_DESK, organisation=people.orgs["body_a"]
    )
    people.users["desk_a"] = user
    return people


@pytest.mark.parametrize("username", ["manager_a1", "desk_a"])
def test_who_cannot_see_identifiers_cannot_search_by_them(api_as, as_user, desk, username) -> None:
    # They see the person by name, but an identifier they type names nobody, in the API ...
    api = api_as(username)
    by_name = api.get("/api/v1/employees/", {"q": "Нурланов"}).json()["results"]
    assert [r["last_name"] for r in by_name] == ["Нурланов"]
    assert "personal_id" not in by_name[0]
    response = api.get("/api/v1/employees/", {"q": "900101300001"})
    assert response.status_code == 200
    assert response.json()["count"] == 0
    assert response.json()["results"] == []
    # ... and on the people page.
    page = as_user(username).get("/people/?q=900101300001", HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200
    assert "Нурланов" not in page.content.decode()
    assert "Нурланов" in as_user(username).get("/people/?q=Нурл").content.decode()


@pytest.mark.parametrize("username", ["hr_a", "auditor"])
def test_who_sees_identifiers_still_finds_people_by_them(api_as, as_user, people, username) -> None:
    response = api_as(username).get("/api/v1/employees/", {"q": "900101300001"})
    assert [r["personal_id"] for r in response.json()["results"]] == ["900101300001"]
    page = as_user(username).get("/people/?q=900101300001", HTTP_ACCEPT_LANGUAGE="en")
    assert "Нурланов Арман" in page.content.decode()


def test_who_cannot_see_identifiers_cannot_order_by_them(api_as, people: World) -> None:
    api = api_as("manager_a1")
    names = [r["last_name"] for r in api.get("/api/v1/employees/").json()["results"]]
    for ordering in ("personal_id", "-personal_id", "birth_date", "-birth_date"):
        response = api.get("/api/v1/employees/", {"ordering": ordering})
        assert [r["last_name"] for r in response.json()["results"]] == names, ordering
    # Nobody orders by the identifier: it is kept encrypted (decision 0038).
    hr = api_as("hr_a")
    plain = [r["personal_id"] for r in hr.get("/api/v1/employees/").json()["results"]]
    ordered = hr.get("/api/v1/employees/", {"ordering": "-personal_id"}).json()["results"]
    assert [r["personal_id"] for r in ordered] == plain
    by_birth = hr.get("/api/v1/employees/", {"ordering": "-birth_date"}).json()["results"]
    assert [r["birth_date"] for r in by_birth] == sorted(
        (r["birth_date"] for r in by_birth), reverse=True
    )
