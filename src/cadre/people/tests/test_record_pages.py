"""Records that answer questions (issue 18, item 8): an organisation's page shows its
headcount, places, vacancies and staff; a person's page its summary, the panels other apps
add (learning, pay…) and its change history — the history and the pay only to roles
granted their data class."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest

from cadre.core.testing.world import World
from cadre.orgs.models import Post
from cadre.orgs.services import post_create
from cadre.pay.services.salaries import salary_set
from cadre.people import services
from cadre.people.models import Employee, Specialty

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def _post(world: World, code: str, positions: int) -> Post:
    return post_create(
        actor=world.users["admin"],
        organisation=world.orgs["unit_a1"],
        code=code,
        title=f"Analyst {code}",
        salary_min=Decimal(1),
        salary_max=Decimal(2),
        currency="KZT",
        positions=positions,
    )


@pytest.fixture
def person(world: World) -> Employee:
    hr = world.users["hr_a"]
    person = services.employee_create(
        actor=hr,
        personal_id="KZ-0100",
        last_name="Ахметова",
        first_name="Динара",
        birth_date=dt.date(1990, 5, 17),
        gender="F",
        organisation=world.orgs["unit_a1"],
    )
    services.assignment_create(
        actor=hr, employee=person, post=_post(world, "P-A", 2), start_date=dt.date(2025, 1, 1)
    )
    _post(world, "P-B", 1)
    services.education_add(
        actor=hr,
        employee=person,
        level=3,
        specialty=Specialty.objects.get(code="09.03.01"),
        year=2012,
    )
    services.certification_add(
        actor=hr, employee=person, name="CISSP", issued_on=dt.date(2024, 1, 1), expires_on=None
    )
    return person


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip()


def _section(html: str, title: str) -> str:
    """The text of the panel headed ``title``."""
    match = re.search(rf"<h2 id=\"[^\"]+\">{re.escape(title)}</h2>(.*?)</section>", html, re.S)
    assert match, f"no section {title!r}"
    return _text(match.group(1))


def test_organisation_page_counts_its_staff_and_vacancies(as_user, world, person) -> None:
    html = as_user("hr_a").get(f"/orgs/{world.orgs['unit_a1'].pk}/", **EN).content.decode()
    staff = _section(html, "Staff")
    assert staff.startswith("Headcount 1 Places 3 Filled 1 Vacant places 2 ")
    assert "Ахметова Динара Analyst P-A" in staff
    assert "All 1 people counted here" in staff
    vacancies = _section(html, "Posts with vacancies")
    assert vacancies == (
        "Posts 2 With vacancies 2 Analyst P-A 1 vacant of 2 Analyst P-B 1 vacant of 1 "
        "All posts with vacancies"
    )
    unit = world.orgs["unit_a1"].pk
    assert f'href="/orgs/posts/?within={unit}&amp;vacant=true"' in html
    assert f'href="/people/?within={unit}&amp;figure=headcount"' in html
    # The body above counts the unit's people too, and lists the unit under it.
    body = as_user("hr_a").get(f"/orgs/{world.orgs['body_a'].pk}/", **EN).content.decode()
    assert _section(body, "Staff").startswith("Headcount 1 Places 3 Filled 1 Vacant places 2 ")
    assert "Nobody holds a post in this unit itself." in _section(body, "Staff")
    assert "Unit A1" in _section(body, "Under this organisation")


def test_organisation_page_of_another_body_counts_nothing_of_the_user(
    as_user, world, person
) -> None:
    """hr_b sees body B only: body A's page is not found for them."""
    assert as_user("hr_b").get(f"/orgs/{world.orgs['unit_a1'].pk}/", **EN).status_code == 404


def test_person_page_summary_history_and_pay_for_hr(as_user, world, person) -> None:
    salary_set(
        actor=world.users["hr_a"],
        employee=person,
        amount=45_000_000,
        currency="KZT",
        valid_from=dt.date(2025, 1, 1),
    )
    html = as_user("hr_a").get(f"/people/{person.pk}/", **EN).content.decode()
    assert _section(html, "Summary") == (
        "Main post Analyst P-A, Unit A1, since 01/01/2025 "
        "Highest education Bachelor / university, 09.03.01 Информатика и вычислительная техника "
        "Certifications 1 valid, 0 expiring within 60 days"
    )
    assert _section(html, "Pay") == "Monthly salary 450,000.00 KZT Since 01/01/2025 Salary record"
    history = _section(html, "History")
    for action in ("post taken up", "education added", "certification added"):
        assert action in history
    assert "Ахметова" in history  # the record's creation, with its names
    assert 'href="/audit/' not in html  # the log's own pages are not the HR officer's


def test_manager_sees_the_person_without_history_or_pay(as_user, world, person) -> None:
    salary_set(
        actor=world.users["hr_a"],
        employee=person,
        amount=45_000_000,
        currency="KZT",
        valid_from=dt.date(2025, 1, 1),
    )
    response = as_user("manager_a1").get(f"/people/{person.pk}/", **EN)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Main post Analyst P-A, Unit A1" in _section(html, "Summary")
    assert ">History</h2>" not in html
    assert ">Pay</h2>" not in html
    assert "450,000" not in html
    assert "KZ-0100" not in html


def test_auditor_reads_the_history_but_not_the_pay(as_user, world, person) -> None:
    salary_set(
        actor=world.users["hr_a"],
        employee=person,
        amount=45_000_000,
        currency="KZT",
        valid_from=dt.date(2025, 1, 1),
    )
    html = as_user("auditor").get(f"/people/{person.pk}/", **EN).content.decode()
    assert "post taken up" in _section(html, "History")
    assert 'href="/audit/' in html
    assert ">Pay</h2>" not in html
