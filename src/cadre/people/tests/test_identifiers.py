"""National identifiers checked by the country of the person's organisation (decision
0015): the checkers, and the service, the form, the API and the import (both paths) that
apply them."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from cadre.core.imports.runs import import_run
from cadre.core.models import AuditEvent
from cadre.core.testing.world import World
from cadre.orgs.services import organisation_update
from cadre.people.identifiers import (
    cccd_make,
    cccd_problems,
    identifier_problems,
    iin_check_digit,
    iin_make,
    iin_problems,
    snils_make,
    snils_problems,
)
from cadre.people.models import Employee

D = dt.date

# --- the checkers ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "iin",
    [
        "900517400005",  # 1990-05-17, a woman (4); 9+20+5+42+28 = 104 ≡ 5 (mod 11)
        "900517400608",  # first pass 164 ≡ 10, second pass 162 ≡ 8
    ],
)
def test_a_valid_iin(iin: str) -> None:
    assert iin_problems(iin, birth_date=D(1990, 5, 17), gender="F") == []


def test_iin_makes_what_it_checks() -> None:
    assert iin_make(D(1990, 5, 17), "F", 0) == "900517400005"
    assert iin_make(D(2001, 1, 2), "M", 12) == "010102500128"
    assert iin_make(D(1899, 12, 31), "F", 7) == "991231200077"
    # 175 ≡ 10 and 164 ≡ 10 (mod 11): no IIN begins with these 11 digits.
    assert iin_check_digit("90051740061") is None
    assert iin_make(D(1990, 5, 17), "F", 61) is None


@pytest.mark.parametrize(
    ("iin", "birth_date", "gender", "problems"),
    [
        ("90051740000", None, None, ["An IIN has 12 digits."]),
        ("9005174000O5", None, None, ["An IIN has 12 digits."]),
        ("900517400006", None, None, ["The IIN's check digit is wrong."]),
        ("900517400610", None, None, ["The IIN's check digit is wrong."]),  # never issued
        (
            "900517400005",
            D(1990, 5, 18),
            "F",
            ["The IIN says born on 1990-05-17 but the birth date is 1990-05-18."],
        ),
        (
            "900517400005",
            D(1990, 5, 17),
            "M",
            ["The IIN is a woman's but the person is recorded as a man."],
        ),
        (
            "900517400005",
            D(1890, 5, 17),
            "M",
            [
                "The IIN says born on 1990-05-17 but the birth date is 1890-05-17.",
                "The IIN is a woman's but the person is recorded as a man.",
            ],
        ),
        (
            "900517000001",
            None,
            None,
            [
                "The IIN's 7th digit (century of birth and sex) must be 1 to 6, not 0.",
                "The IIN's check digit is wrong.",
            ],
        ),
        (
            "901317400005",
            None,
            None,
            [
                "The IIN's first six digits are not a date of birth (YYMMDD).",
                "The IIN's check digit is wrong.",
            ],
        ),
    ],
)
def test_what_is_wrong_with_an_iin_is_named(
    iin: str, birth_date: Any, gender: Any, problems: list[str]
) -> None:
    assert iin_problems(iin, birth_date=birth_date, gender=gender) == problems


@pytest.mark.parametrize(
    ("snils", "problems"),
    [
        ("11223344595", []),  # 9+8+14+12+15+12+12+8+5 = 95
        ("98765432183", []),  # 285 ≡ 83 (mod 101)
        ("00200899900", []),  # 100 gives 00
        ("00100199812", []),  # up to 001-001-998: no check number
        ("11223344596", ["The SNILS's check number is wrong."]),
        ("98765432185", ["The SNILS's check number is wrong."]),
        ("112-233-445 95", ["Write the SNILS as its 11 digits alone: 11223344595."]),
        ("1122334459", ["A SNILS has 11 digits."]),
    ],
)
def test_snils(snils: str, problems: list[str]) -> None:
    assert snils_problems(snils) == problems
    assert identifier_problems(snils, country="RU") == problems


def test_snils_makes_what_it_checks() -> None:
    assert snils_make(112233445) == "11223344595"
    assert snils_make(987654321) == "98765432183"


@pytest.mark.parametrize(
    ("cccd", "birth_date", "gender", "problems"),
    [
        ("006190000123", D(1990, 5, 17), "F", []),  # Bắc Kạn, 1900s woman (1), 1990
        ("001201000001", D(2001, 1, 2), "M", []),  # Hà Nội, 2000s man (2), 2001
        ("00619000012", None, None, ["A CCCD number has 12 digits."]),
        (
            "003190000123",
            None,
            None,
            ["The CCCD number begins with 003, which is not a province code."],
        ),
        (
            "006190000123",
            D(1991, 5, 17),
            "F",
            ["The CCCD number says born in 1990 but the birth date is 1991-05-17."],
        ),
        (
            "006390000123",
            D(1990, 5, 17),
            "F",
            ["The CCCD number says born in 2090 but the birth date is 1990-05-17."],
        ),
        (
            "006190000123",
            D(1990, 5, 17),
            "M",
            ["The CCCD number is a woman's but the person is recorded as a man."],
        ),
    ],
)
def test_cccd(cccd: str, birth_date: Any, gender: Any, problems: list[str]) -> None:
    assert cccd_problems(cccd, birth_date=birth_date, gender=gender) == problems


def test_cccd_makes_what_it_checks() -> None:
    assert cccd_make("006", D(1990, 5, 17), "F", 123) == "006190000123"
    assert cccd_make("001", D(2001, 1, 2), "M", 1) == "001201000001"


def test_no_country_no_national_rule() -> None:
    assert identifier_problems("IIN-0001", country="") == []


# --- the country of an organisation ---------------------------------------------------------


@pytest.fixture
def countries(world: World) -> World:
    """The world's country is Kazakhstan; body B (a foreign mission, say) is Russian."""
    admin = world.users["admin"]
    organisation_update(actor=admin, organisation=world.orgs["country"], country="KZ")
    organisation_update(actor=admin, organisation=world.orgs["body_b"], country="RU")
    for org in world.orgs.values():
        org.refresh_from_db()
    return world


def test_the_country_is_the_nearest_named_on_the_path(countries: World) -> None:
    from cadre.orgs.selectors import countries_of

    orgs = countries.orgs
    assert countries_of(orgs.values()) == {
        orgs["country"].pk: "KZ",
        orgs["body_a"].pk: "KZ",
        orgs["unit_a1"].pk: "KZ",
        orgs["body_b"].pk: "RU",
        orgs["unit_b1"].pk: "RU",
    }


# --- the API and the form ------------------------------------------------------------------


@pytest.fixture
def api_en(api_as: Any) -> Any:
    """``api_en("hr_a")``: an API client of that user that asks for English."""

    def make(username: str) -> Any:
        client = api_as(username)
        client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
        return client

    return make


def _person(world: World, where: str, **kw: Any) -> dict[str, Any]:
    return {
        "personal_id": "900517400005",
        "last_name": "Ахметова",
        "first_name": "Динара",
        "birth_date": "1990-05-17",
        "gender": "F",
        "organisation": world.orgs[where].pk,
        **kw,
    }


def test_the_api_refuses_an_identifier_wrong_for_the_country(api_as, countries) -> None:
    client = api_as("hr_a")
    bad = client.post(
        "/api/v1/employees/",
        _person(countries, "unit_a1", personal_id="900517400006", gender="M"),
        format="json",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert bad.status_code == 400
    assert [(e["field"], e["message"]) for e in bad.json()["errors"]] == [
        ("personal_id", "The IIN's check digit is wrong."),
        ("personal_id", "The IIN is a woman's but the person is recorded as a man."),
    ]
    assert not Employee.objects.exists()
    good = client.post("/api/v1/employees/", _person(countries, "unit_a1"), format="json")
    assert good.status_code == 201, good.json()
    assert Employee.objects.get().personal_id == "900517400005"


def test_the_reason_is_in_the_users_language(api_as, countries) -> None:
    bad = api_as("hr_a").post(
        "/api/v1/employees/",
        _person(countries, "unit_a1", personal_id="900517400006"),
        format="json",
        HTTP_ACCEPT_LANGUAGE="ru",
    )
    assert bad.status_code == 400
    assert bad.json()["errors"][0]["message"] == "Неверная контрольная цифра ИИН."


def test_an_update_that_breaks_the_identifier_is_refused(api_en, countries) -> None:
    client = api_en("hr_a")
    person = client.post("/api/v1/employees/", _person(countries, "unit_a1"), format="json")
    url = f"/api/v1/employees/{person.json()['id']}/"
    moved = client.patch(
        url, {"birth_date": "1990-05-18"}, format="json", HTTP_X_CADRE_REASON="Correction"
    )
    assert moved.status_code == 400
    assert moved.json()["errors"] == [
        {
            "field": "personal_id",
            "code": "identifier",
            "message": "The IIN says born on 1990-05-17 but the birth date is 1990-05-18.",
        }
    ]
    assert Employee.objects.get().birth_date == D(1990, 5, 17)
    renamed = client.patch(
        url, {"last_name": "Ахметова-Серікова"}, format="json", HTTP_X_CADRE_REASON="Correction"
    )
    assert renamed.status_code == 200, renamed.json()


def test_a_record_from_before_the_country_was_set_can_still_be_edited(api_en, world: World) -> None:
    """An identifier is checked when it, the organisation, the birth date or the sex
    changes; other fields of a record kept under the loose rule stay editable."""
    client = api_en("hr_a")
    person = client.post(
        "/api/v1/employees/",
        _person(world, "unit_a1", personal_id="IIN-0001"),
        format="json",
    )
    assert person.status_code == 201
    organisation_update(
        actor=world.users["admin"], organisation=world.orgs["country"], country="KZ"
    )
    url = f"/api/v1/employees/{person.json()['id']}/"
    assert (
        client.patch(
            url, {"phone": "+7 700 000 00 00"}, format="json", HTTP_X_CADRE_REASON="Correction"
        ).status_code
        == 200
    )
    changed = client.patch(
        url, {"personal_id": "IIN-0002"}, format="json", HTTP_X_CADRE_REASON="Correction"
    )
    assert changed.status_code == 400
    assert changed.json()["errors"][0]["message"] == "An IIN has 12 digits."


def test_moving_a_person_to_another_country_checks_the_identifier(api_en, countries) -> None:
    client = api_en("admin")
    person = client.post("/api/v1/employees/", _person(countries, "unit_a1"), format="json")
    url = f"/api/v1/employees/{person.json()['id']}/"
    moved = client.patch(
        url,
        {"organisation": countries.orgs["unit_b1"].pk},
        format="json",
        HTTP_X_CADRE_REASON="Correction",
    )
    assert moved.status_code == 400
    assert moved.json()["errors"][0]["message"] == "A SNILS has 11 digits."
    both = client.patch(
        url,
        {"organisation": countries.orgs["unit_b1"].pk, "personal_id": "11223344595"},
        format="json",
        HTTP_X_CADRE_REASON="Correction",
    )
    assert both.status_code == 200, both.json()


def test_the_form_names_the_identifiers_problem_with_the_others(as_user, countries) -> None:
    data = _person(countries, "unit_a1", personal_id="900517400006", last_name="")
    response = as_user("hr_a").post(
        "/people/add/", {**data, "is_active": "on"}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "The IIN&#x27;s check digit is wrong." in page
    assert "This field is required." in page
    assert not Employee.objects.exists()


# --- the import, row by row and set-based ---------------------------------------------------


@pytest.fixture(params=["rows", "bulk"])
def path_kind(request: Any, settings: Any) -> str:
    from django.db import connection

    if request.param == "bulk":
        if connection.vendor != "postgresql":
            pytest.skip("the set-based import runs on PostgreSQL")
        settings.CADRE_IMPORT_BULK_ROWS = 0
    else:
        settings.CADRE_IMPORT_BULK_ROWS = 10**9
    return str(request.param)


HEADER = "personal_id,last_name,first_name,birth_date,gender,organisation_code\n"


def _import(world: World, tmp_path: Path, text: str, mode: str = "all") -> Any:
    path = tmp_path / "people.csv"
    path.write_text(HEADER + text, encoding="utf-8")
    return import_run(
        actor=world.users["admin"], kind="people", path=path, name=path.name, mode=mode
    )


def test_the_import_checks_identifiers_by_country(tmp_path, countries, path_kind) -> None:
    text = (
        "900517400005,Ахметова,Динара,1990-05-17,F,UNIT_A1\n"  # a good IIN
        "900517400006,Серіков,Ерлан,1990-05-17,F,UNIT_A1\n"  # its check digit
        "010102500128,Касымов,Марат,2001-01-03,F,BODY_A\n"  # date and sex
        "11223344595,Иванов,Иван,1980-01-01,M,UNIT_B1\n"  # a good SNILS
        "112-233-445-95,Петров,Пётр,1980-01-01,M,BODY_B\n"  # written with dashes
        "900517400006,Серіков,Ерлан,1990-05-17,F,UNIT_A1\n"  # repeats row 3
        "900517400608,Омаров,Нурлан,tomorrow,M,UNIT_A1\n"  # a refused date is not compared
        "IIN-0001,Ли,Анна,1999-12-31,F,NOPE\n"  # no organisation: no national rule
    )
    before = (Employee.objects.count(), AuditEvent.objects.count())
    report = _import(countries, tmp_path, text)
    assert [(e.row, e.column, e.message) for e in report.errors] == [
        (7, "personal_id", "Repeats row 3 of this file."),
        (8, "birth_date", "Not a date in the form YYYY-MM-DD."),
        (3, "personal_id", "The IIN's check digit is wrong."),
        (4, "personal_id", "The IIN says born on 2001-01-02 but the birth date is 2001-01-03."),
        (4, "personal_id", "The IIN is a man's but the person is recorded as a woman."),
        (6, "personal_id", "Write the SNILS as its 11 digits alone: 11223344595."),
        (8, "personal_id", "The IIN is a woman's but the person is recorded as a man."),
        (9, "organisation_code", "No organisation has the code “NOPE”."),
    ]
    assert (report.rows, report.good_rows, report.written) == (8, 2, False)
    assert (Employee.objects.count(), AuditEvent.objects.count()) == before

    good = _import(countries, tmp_path, text, mode="good")
    assert (good.created, good.written) == (2, True)
    assert set(Employee.objects.values_list("personal_id", flat=True)) == {
        "900517400005",
        "11223344595",
    }


def test_the_import_keeps_the_loose_rule_without_a_country(tmp_path, world, path_kind) -> None:
    report = _import(world, tmp_path, "IIN-0001,Ли,Анна,1999-12-31,F,UNIT_A1\n")
    assert (report.error_count, report.created) == (0, 1)
