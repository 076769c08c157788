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
