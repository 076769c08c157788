"""People and accounts are chosen with a search picker, not typed as ids (issue 18, item 4):
the picker's search answers only with what the user may see."""

from __future__ import annotations

import datetime as dt

from cadre.core.testing.world import World
from cadre.people import services


def _person(world: World, pid: str, last: str, first: str, where: str) -> int:
    return services.employee_create(
        actor=world.users["admin"],
        personal_id=pid,
        last_name=last,
        first_name=first,
        birth_date=dt.date(1990, 1, 1),
        gender="F",
        organisation=world.orgs[where],
    ).pk


def test_the_person_picker_finds_by_names_within_scope(as_user, world) -> None:
    a = _person(world, "P1", "Ахметова", "Динара", "unit_a1")
    _person(world, "P2", "Ахметова", "Айгуль", "unit_b1")
    found = as_user("hr_a").get("/people/pick/?q=Ахмет Дин").json()
    assert found == {"results": [{"id": a, "name": "Ахметова Динара", "path": "Unit A1"}]}
    # hr_a sees body A only: the namesake of body B is not offered.
    assert [r["id"] for r in as_user("hr_a").get("/people/pick/?q=Ахметова").json()["results"]] == [
        a
    ]
    assert as_user("hr_a").get("/people/pick/?q=").json() == {"results": []}
    assert as_user("nobody").get("/people/pick/?q=Ахметова").json() == {"results": []}


def test_the_user_picker_and_the_role_filter(as_user, world) -> None:
    found = as_user("admin").get("/accounts/users/pick/?q=hr_").json()["results"]
    assert [r["path"] for r in found] == ["hr_a", "hr_b"]
    assert [
        r["path"] for r in as_user("hr_a").get("/accounts/users/pick/?q=hr_").json()["results"]
    ] == ["hr_a"]
    html = as_user("admin").get("/accounts/roles/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'data-picker="/accounts/users/pick/"' in html
    assert "User (id)" not in html


def test_other_apps_filter_people_with_the_picker(as_user, world) -> None:
    html = as_user("admin").get("/projects/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'data-picker="/people/pick/"' in html


def test_sort_headers_replace_their_parameter_and_pages_link_cleanly(as_user, world) -> None:
    for i in range(30):
        _person(world, f"S{i:02}", f"Surname{i:02}", "Test", "unit_a1")
    html = (
        as_user("admin")
        .get("/people/?q=&sort=last_name&sort=-last_name&within=&page=1", HTTP_ACCEPT_LANGUAGE="en")
        .content.decode()
    )
    # The last "sort" given is the one in force; each header offers exactly one.
    assert 'aria-sort="descending"><a href="?sort=last_name">Name ▼</a>' in html
    assert 'href="?sort=birth_date"' in html
    assert 'href="?sort=-last_name&amp;page=2" rel="next"' in html
    second = as_user("admin").get("/people/?sort=-last_name&page=2").content.decode()
    assert 'href="?sort=-last_name" rel="prev"' in second
