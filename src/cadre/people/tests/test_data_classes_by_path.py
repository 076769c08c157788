"""Personal data follows the class *where it is held* (decision 0045): a user who is HR
officer of body A (the personal class there) and manager of body B (a plain role there)
sees the personal data of A's people and of their own file, not of B's people — on the
API, the list and detail pages, the export, searches and orderings."""

from __future__ import annotations

import csv
import datetime as dt
import io
from typing import Any

import pytest

from cadre.accounts import services as account_services
from cadre.accounts.choices import Role
from cadre.core.scoping import class_q, hidden_fields, sees_fields_of
from cadre.core.testing.world import World
from cadre.people.models import Employee
from cadre.people.services import employee_create, employee_link_user

pytestmark = pytest.mark.django_db

PERSONAL = {"personal_id", "birth_date", "email", "phone"}


def person(world: World, pid: str, last: str, unit: str, born: dt.date) -> Employee:
    return employee_create(
        actor=world.users["admin"],
        personal_id=pid,
        last_name=last,
        first_name="Test",
        birth_date=born,
        gender="F",
        email=f"{last.lower()}@example.org",
        phone="+7 700 000 00 00",
        organisation=world.orgs[unit],
    )


@pytest.fixture
def two_bodies(world: World) -> dict[str, Employee]:
    """hr_a: HR officer of body A, and manager of body B; linked to a file kept in B."""
    admin = world.users["admin"]
    account_services.role_assignment_create(
        actor=admin, user=world.users["hr_a"], role=Role.MANAGER, organisation=world.orgs["body_b"]
    )
    people = {
        "a": person(world, "IDA111", "Alpha", "unit_a1", dt.date(1981, 2, 3)),
        "b": person(world, "IDB222", "Bravo", "unit_b1", dt.date(1972, 5, 6)),
        "own": person(world, "IDO333", "Charlie", "unit_b1", dt.date(1990, 7, 8)),
    }
    employee_link_user(actor=admin, employee=people["own"], user=world.users["hr_a"])
    return people


def test_the_rule_row_by_row(world: World, two_bodies: dict[str, Employee]) -> None:
    hr = world.users["hr_a"]
    rows = Employee.objects.select_related("organisation")
    seen = {e.last_name: sees_fields_of(hr, e, "personal") for e in rows}
    assert seen == {"Alpha": True, "Bravo": False, "Charlie": True}
    assert hidden_fields(hr, rows.get(last_name="Bravo")) == PERSONAL
    assert hidden_fields(hr, rows.get(last_name="Alpha")) == set()
    # a list's columns: the class is held somewhere; the cells go row by row
    assert hidden_fields(hr, Employee) == set()
    assert hidden_fields(world.users["manager_a1"], Employee) == PERSONAL
    # the filter of searches and orderings by a personal field says the same
    matched = Employee.objects.filter(class_q(hr, Employee, "personal"))
    assert sorted(matched.values_list("last_name", flat=True)) == ["Alpha", "Charlie"]
    # hr_b holds the class in B only: Bravo and Charlie, not Alpha
    hr_b = world.users["hr_b"]
    assert {e.last_name for e in rows if sees_fields_of(hr_b, e, "personal")} == {
        "Bravo",
        "Charlie",
    }
    # national roles with the class see everyone; the admin, the auditor
    for name in ("admin", "auditor"):
        assert all(sees_fields_of(world.users[name], e, "personal") for e in rows)


def test_api_detail_and_list(world: World, two_bodies: dict[str, Employee], api_as: Any) -> None:
    client = api_as("hr_a")
    a = client.get(f"/api/v1/employees/{two_bodies['a'].pk}/").json()
    assert (a["personal_id"], a["birth_date"], a["email"]) == (
        "IDA111",
        "1981-02-03",
        "alpha@example.org",
    )
    b = client.get(f"/api/v1/employees/{two_bodies['b'].pk}/").json()
    assert b["last_name"] == "Bravo" and not PERSONAL & set(b)
    own = client.get(f"/api/v1/employees/{two_bodies['own'].pk}/").json()
    assert (own["personal_id"], own["birth_date"]) == ("IDO333", "1990-07-08")

    listed = client.get("/api/v1/employees/?page_size=50").json()["results"]
    by_name = {r["last_name"]: r for r in listed}
    assert set(by_name) == {"Alpha", "Bravo", "Charlie"}
    assert by_name["Alpha"]["personal_id"] == "IDA111"
    assert by_name["Charlie"]["personal_id"] == "IDO333"
    assert not PERSONAL & set(by_name["Bravo"])
    # the hidden fields are left out, as for a user without the class (not null)
    manager = api_as("manager_a1").get(f"/api/v1/employees/{two_bodies['a'].pk}/").json()
    assert manager["last_name"] == "Alpha" and not PERSONAL & set(manager)


def test_api_search_and_ordering_tell_nothing_of_the_other_body(
    world: World, two_bodies: dict[str, Employee], api_as: Any
) -> None:
    client = api_as("hr_a")

    def names(query: str) -> list[str]:
        return [r["last_name"] for r in client.get(f"/api/v1/employees/?{query}").json()["results"]]

    assert names("q=IDA111") == ["Alpha"]
    assert names("q=IDB222") == []  # an identifier of B's person names nobody
    # By birth date: Bravo (1972) would come first; unseen, he comes last either way.
    assert names("ordering=birth_date") == ["Alpha", "Charlie", "Bravo"]
    assert names("ordering=-birth_date") == ["Charlie", "Alpha", "Bravo"]
    # the admin sees every birth date, ordered by it
    admin = api_as("admin").get("/api/v1/employees/?ordering=birth_date").json()["results"]
    assert [r["last_name"] for r in admin] == ["Bravo", "Alpha", "Charlie"]


def test_pages_and_export(world: World, two_bodies: dict[str, Employee], as_user: Any) -> None:
    client = as_user("hr_a")
    page = client.get("/people/?per_page=50").content.decode()
    assert "Bravo" in page and "Alpha" in page
    assert "IDA111" in page and "IDO333" in page and "IDB222" not in page
    assert "IDB222" not in client.get("/people/?sort=birth_date").content.decode()

    b_page = client.get(two_bodies["b"].get_absolute_url()).content.decode()
    assert "Bravo" in b_page
    assert "IDB222" not in b_page and "bravo@example.org" not in b_page
    a_page = client.get(two_bodies["a"].get_absolute_url()).content.decode()
    assert "IDA111" in a_page and "alpha@example.org" in a_page
    own_page = client.get(two_bodies["own"].get_absolute_url()).content.decode()
    assert "IDO333" in own_page

    response = client.get("/people/?export=csv")
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = {r["last_name"]: r for r in csv.DictReader(io.StringIO(text))}
    assert (rows["Alpha"]["personal_id"], rows["Alpha"]["birth_date"]) == ("IDA111", "1981-02-03")
    assert rows["Charlie"]["personal_id"] == "IDO333"
    assert {k: rows["Bravo"][k] for k in PERSONAL} == dict.fromkeys(PERSONAL, "")
    assert rows["Bravo"]["organisation_code"] == "UNIT_B1"
    assert "IDB222" not in text and "1972-05-06" not in text


def test_xlsx_export_hides_the_other_body(
    world: World, two_bodies: dict[str, Employee], as_user: Any
) -> None:
    from openpyxl import load_workbook

    response = as_user("hr_a").get("/people/?export=xlsx")
    content = b"".join(response.streaming_content) if response.streaming else response.content
    sheet = load_workbook(io.BytesIO(content)).active
    assert sheet is not None
    values = [list(row) for row in sheet.iter_rows(values_only=True)]
    header = list(values[0])
    by_name = {row[header.index("last_name")]: row for row in values[1:]}
    assert by_name["Alpha"][header.index("personal_id")] == "IDA111"
    assert by_name["Bravo"][header.index("personal_id")] in (None, "")
    assert by_name["Bravo"][header.index("birth_date")] in (None, "")
