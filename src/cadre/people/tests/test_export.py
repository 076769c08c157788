"""The list exports of organisations, posts and people are the files their imports take:
every reference by its code, every field a figure uses, and a file imports back unchanged
(issue 17 #19)."""

from __future__ import annotations

import datetime as dt
import io
from collections import defaultdict
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from cadre.core.imports.files import read_table
from cadre.core.imports.runs import import_run
from cadre.core.imports.spec import IMPORTS
from cadre.core.testing.world import World
from cadre.orgs.models import Organisation
from cadre.orgs.services import organisation_create, organisation_update, post_create
from cadre.people import services
from cadre.people.models import Employee, OrganisationFigures, Specialty
from cadre.people.selectors import FIGURES, figures_refresh

START = dt.date(2025, 1, 1)
LISTS = {"organisations": "/orgs/", "posts": "/orgs/posts/", "people": "/people/"}
FORMULA = "=SUM(A1)"


@pytest.fixture
def registry(world: World) -> World:
    """Two communes of one name, an IT unit, a digital-lead duty, formula-like names, a
    person out of service, concurrent posts, people with several education records."""
    admin = world.users["admin"]
    orgs = world.orgs
    organisation_update(actor=admin, organisation=orgs["unit_a1"], is_it_unit=True)
    for code in ("XA-1", "XA-2"):
        orgs[code] = organisation_create(
            actor=admin,
            name="UBND xã",
            code=code,
            kind="commune",
            level="commune",
            parent=orgs["body_a"],
        )
    orgs["F-1"] = organisation_create(
        actor=admin, name=FORMULA, code="F-1", kind="unit", parent=orgs["body_b"], is_it_unit=True
    )

    def post(code: str, unit: str, title: str, positions: int, **kw: Any) -> Any:
        fields = {"salary_min": Decimal("120000.50"), "salary_max": Decimal(180000), **kw}
        return post_create(
            actor=admin,
            organisation=orgs[unit],
            code=code,
            title=title,
            currency="KZT",
            positions=positions,
            **fields,
        )

    posts = {
        "IT-A": post("IT-A", "unit_a1", "Analyst", 5, category="C-4"),
        "DUTY-A": post(
            "DUTY-A",
            "body_a",
            "Digital duty",
            0,
            is_digital_lead=True,
            salary_min=Decimal(0),
            salary_max=Decimal(0),
        ),
        "XA-1-P": post("XA-1-P", "XA-1", "-5 units", 1),
        "XA-2-P": post("XA-2-P", "XA-2", FORMULA, 2, category="'=quoted"),
        "F-P": post("F-P", "F-1", "@officer", 1),
    }
    it, law = Specialty.objects.get(code="09.03.01"), Specialty.objects.get(code="40.03.01")
    people: list[tuple[str, str, str | None, list[tuple[int, Any]], dict[str, Any]]] = [
        ("P-A1", "body_a", "IT-A", [(5, law), (4, it), (3, it)], {}),
        ("P-A2", "unit_a1", "IT-A", [(3, law)], {"phone": "+7 701 000 00 00"}),
        ("P-A3", "unit_a1", "IT-A", [(3, it)], {}),
        ("P-A4", "XA-1", "XA-1-P", [], {"middle_name": FORMULA, "email": "a4@gov.example"}),
        ("P-A5", "XA-2", None, [(2, it)], {"last_name": "-5 units"}),
        ("P-B1", "body_b", "F-P", [(3, law)], {}),
    ]
    for pid, books, main, education, extra in people:
        person = services.employee_create(
            actor=admin,
            personal_id=pid,
            **{"last_name": pid, **extra},
            first_name="X",
            birth_date=dt.date(1990, 1, 1),
            gender="F",
            organisation=orgs[books],
        )
        if main:
            services.assignment_create(
                actor=admin, employee=person, post=posts[main], start_date=START
            )
        for level, specialty in education:
            services.education_add(
                actor=admin,
                employee=person,
                level=level,
                specialty=specialty,
                institution="KazNU",
                year=2012,
            )
    a4 = Employee.objects.get(personal_id="P-A4")
    for code in ("IT-A", "DUTY-A"):
        services.assignment_create(
            actor=admin, employee=a4, post=posts[code], kind="concurrent", start_date=START
        )
    services.employee_update(
        actor=admin,
        employee=Employee.objects.get(personal_id="P-A3"),
        is_active=False,
        reason="Retired",
    )
    return world


def _export(client: Any, kind: str, fmt: str, query: str = "") -> bytes:
    response = client.get(f"{LISTS[kind]}?export={fmt}{query}", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    if fmt == "csv":
        return b"".join(response.streaming_content)
    return bytes(response.content)


def _rows(content: bytes, fmt: str, tmp_path: Path) -> list[dict[str, str]]:
    """The file as the import reads it, a dict per row."""
    path = tmp_path / f"read.{fmt}"
    path.write_bytes(content)
    header, *rows = read_table(path, path.name)
    return [dict(zip(header, row, strict=True)) for row in rows]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
@pytest.mark.parametrize("user", ["admin", "hr_a"])
def test_an_export_imports_back_unchanged(
    registry: World, as_user: Any, tmp_path: Path, fmt: str, user: str
) -> None:
    client = as_user(user)
    kinds = ["posts", "people"] if user == "hr_a" else ["organisations", "posts", "people"]
    for kind in kinds:
        path = tmp_path / f"{kind}.{fmt}"
        path.write_bytes(_export(client, kind, fmt))
        before = Employee.objects.count(), Organisation.objects.count()
        report = import_run(
            actor=registry.users[user], kind=kind, path=path, name=path.name, mode="all"
        )
        assert report.errors == [], kind
        expected = {"people": 5 if user == "hr_a" else 6, "posts": 4 if user == "hr_a" else 5}
        assert report.rows == expected.get(kind, Organisation.objects.count()), kind
        assert (report.created, report.updated, report.unchanged) == (0, 0, report.rows), kind
        assert report.written is False, kind
        assert (Employee.objects.count(), Organisation.objects.count()) == before


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_exports_carry_codes_and_every_field_the_figures_use(
    registry: World, as_user: Any, tmp_path: Path, fmt: str
) -> None:
    client = as_user("admin")
    orgs = _rows(_export(client, "organisations", fmt), fmt, tmp_path)
    communes = [r for r in orgs if r["name"] == "UBND xã"]
    assert communes == [
        {
            "code": code,
            "name": "UBND xã",
            "kind": "commune",
            "parent_code": "BODY_A",
            "level": "commune",
            "is_it_unit": "no" if fmt == "csv" else "False",
        }
        for code in ("XA-1", "XA-2")
    ]
    assert next(r for r in orgs if r["code"] == "F-1")["name"] == FORMULA

    posts = {r["code"]: r for r in _rows(_export(client, "posts", fmt), fmt, tmp_path)}
    assert list(posts["XA-2-P"]) == [c.name for c in IMPORTS["posts"].columns] + [
        "filled",
        "vacant",
    ]
    assert (posts["XA-1-P"]["unit_code"], posts["XA-1-P"]["title"]) == ("XA-1", "-5 units")
    assert (posts["XA-2-P"]["title"], posts["XA-2-P"]["category"]) == (FORMULA, "'=quoted")
    assert posts["F-P"]["title"] == "@officer"
    assert posts["DUTY-A"]["digital_lead"] in ("yes", "True")
    assert (posts["IT-A"]["filled"], posts["IT-A"]["vacant"]) == ("3", "2")

    people = {r["personal_id"]: r for r in _rows(_export(client, "people", fmt), fmt, tmp_path)}
    assert list(people["P-A1"]) == [c.name for c in IMPORTS["people"].columns] + [
        "is_active",
        "concurrent_post_codes",
        "it_specialty",
    ]
    a1 = people["P-A1"]  # a doctorate in law, a master's and a bachelor's in IT
    assert (a1["organisation_code"], a1["post_code"], a1["post_start"]) == (
        "BODY_A",
        "IT-A",
        "2025-01-01",
    )
    assert (a1["education_level"], a1["specialty_code"], a1["graduation_year"]) == (
        "master",
        "09.03.01",
        "2012",
    )
    assert people["P-A3"]["is_active"] in ("no", "False")
    assert people["P-A4"]["concurrent_post_codes"] == "DUTY-A;IT-A"
    assert people["P-A4"]["middle_name"] == FORMULA
    assert (people["P-A5"]["last_name"], people["P-A5"]["post_code"]) == ("-5 units", "")
    assert people["P-A2"]["phone"] == "+7 701 000 00 00"
    assert people["P-A2"]["it_specialty"] in ("no", "False")


def test_formula_cells_are_neutralised_and_read_back_exactly(
    registry: World, as_user: Any, tmp_path: Path
) -> None:
    from openpyxl import load_workbook

    csv_text = _export(as_user("admin"), "posts", "csv").decode("utf-8-sig")
    lines = {line.split(",")[0]: line for line in csv_text.splitlines()}
    assert lines["XA-2-P"].startswith("XA-2-P,XA-2,'=SUM(A1),''=quoted,")
    assert lines["XA-1-P"].startswith("XA-1-P,XA-1,'-5 units,")
    assert lines["F-P"].startswith("F-P,F-1,'@officer,")
    assert ",120000.50,180000.00,KZT," in lines["IT-A"]  # numbers stay numbers
    # XLSX: strings are typed strings (no formula, no apostrophe), marked as text.
    sheet: Any = load_workbook(io.BytesIO(_export(as_user("admin"), "posts", "xlsx"))).active
    cell = next(row[2] for row in sheet.iter_rows(min_row=2) if row[0].value == "XA-2-P")
    assert (cell.value, cell.data_type, cell.quotePrefix) == (FORMULA, "s", True)


def test_without_personal_data_the_export_has_no_personal_columns(
    registry: World, as_user: Any, tmp_path: Path
) -> None:
    rows = _rows(_export(as_user("manager_a1"), "people", "csv"), "csv", tmp_path)
    assert rows and not {"personal_id", "birth_date", "email", "phone"} & set(rows[0])
    assert {r["last_name"] for r in rows} == {"P-A1", "P-A2", "P-A3"}


def _figures_from_exports(
    orgs: list[dict[str, str]], posts: list[dict[str, str]], people: list[dict[str, str]]
) -> dict[str, dict[str, Any]]:
    """Every stored figure of every organisation, counted from the three export files
    alone, by the rules of docs/registry.md."""
    yes = {"yes", "True"}
    parent = {o["code"]: o["parent_code"] for o in orgs}
    it_unit = {o["code"] for o in orgs if o["is_it_unit"] in yes}
    unit_of = {p["code"]: p["unit_code"] for p in posts}
    lead = {p["code"] for p in posts if p["digital_lead"] in yes}

    def up(code: str) -> list[str]:
        chain = []
        while code:
            chain.append(code)
            code = parent[code]
        return chain

    figures: dict[str, dict[str, Any]] = {
        o["code"]: defaultdict(int, it_by_level=defaultdict(int)) for o in orgs
    }
    level_of = {"secondary": 1, "college": 2, "bachelor": 3, "master": 4, "doctorate": 5}
    filled: dict[str, int] = defaultdict(int)
    held: dict[str, set[str]] = defaultdict(set)  # unit → who holds a post there
    for person in people:
        active, it_spec = person["is_active"] in yes, person["it_specialty"] in yes
        main = person["post_code"]
        concurrent = [c for c in person["concurrent_post_codes"].split(";") if c]
        if main:
            filled[main] += 1
        for code in [main, *concurrent] if main else concurrent:
            held[unit_of[code]].add(person["last_name"])
            if active and it_spec:
                held[unit_of[code]].add("qualified")
        if not active:
            continue
        in_it = bool(main) and unit_of[main] in it_unit
        for org in up(unit_of[main] if main else person["organisation_code"]):
            f = figures[org]
            f["headcount"] += 1
            if in_it:
                f["it_headcount"] += 1
                f["it_without_it_specialty"] += not it_spec
                if it_spec:
                    f["it_by_level"][level_of[person["education_level"]]] += 1
            if any(unit_of[c] in it_unit or c in lead for c in concurrent):
                f["concurrent_it_duties"] += 1
    for post in posts:
        places = int(post["positions"])
        for org in up(post["unit_code"]):
            f = figures[org]
            f["positions"] += places
            f["filled"] += filled[post["code"]]
            f["vacancies"] += max(0, places - filled[post["code"]])
            f["posts_with_vacancies"] += filled[post["code"]] < places
    for unit in it_unit:
        for org in up(unit):
            figures[org]["it_units"] += 1
            figures[org]["it_units_without_specialist"] += "qualified" not in held[unit]
    held_concurrently = {c for p in people for c in p["concurrent_post_codes"].split(";")}
    for org_code in {unit_of[c] for c in lead if filled[c] or c in held_concurrently}:
        for org in up(org_code):
            figures[org]["bodies_with_digital_lead"] += 1
    return figures


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_every_stored_figure_is_counted_again_from_the_exports_alone(
    registry: World, as_user: Any, tmp_path: Path, fmt: str
) -> None:
    figures_refresh()
    client = as_user("admin")
    files = {kind: _rows(_export(client, kind, fmt), fmt, tmp_path) for kind in LISTS}
    counted = _figures_from_exports(files["organisations"], files["posts"], files["people"])
    stored = {
        f.organisation.code: f for f in OrganisationFigures.objects.select_related("organisation")
    }
    assert set(stored) == set(counted)
    for code, row in stored.items():
        levels = {int(k): v for k, v in row.it_by_level.items() if v}
        assert {name: getattr(row, name) for name in FIGURES} == {
            name: counted[code][name] for name in FIGURES
        }, code
        assert levels == {k: v for k, v in counted[code]["it_by_level"].items() if v}, code
    body_a = counted["BODY_A"]  # the figures are not all zeros
    assert (body_a["headcount"], body_a["it_headcount"], body_a["filled"]) == (4, 2, 4)
    assert (body_a["concurrent_it_duties"], body_a["bodies_with_digital_lead"]) == (1, 1)
    assert (counted["BODY_B"]["it_units_without_specialist"], body_a["vacancies"]) == (1, 4)


@pytest.mark.parametrize(
    ("cell", "value"),
    [
        ("'=SUM(A1)", "=SUM(A1)"),
        ("'-5 units", "-5 units"),
        ("''=x", "'=x"),
        ("'@a", "@a"),
        ("'plain", "'plain"),
        ("-5", "-5"),
        ("'", "'"),
    ],
)
def test_the_csv_reader_drops_only_the_exporters_apostrophe(cell: str, value: str) -> None:
    from cadre.core.exports import neutralise
    from cadre.core.imports.files import unescape_cell

    assert unescape_cell(cell) == value
    assert unescape_cell(neutralise(value)) == value


def test_an_amount_reads_as_stored_and_a_non_number_is_refused(
    world: World, tmp_path: Path
) -> None:
    """``120000`` and ``120000.00`` are one amount: a hand-written file imports back
    unchanged; ``NaN`` is a cell error, not a failed import."""
    path = tmp_path / "posts.csv"
    header = "code,unit_code,title,salary_min,salary_max,currency,positions\n"
    path.write_text(header + "P-1,UNIT_A1,Analyst,120000,180000.5,KZT,2\n", encoding="utf-8")
    admin = world.users["admin"]
    first = import_run(actor=admin, kind="posts", path=path, name=path.name, mode="all")
    again = import_run(actor=admin, kind="posts", path=path, name=path.name, mode="all")
    assert (first.created, again.created, again.updated, again.written) == (1, 0, 0, False)
    path.write_text(header + "P-2,UNIT_A1,Analyst,NaN,1,KZT,2\n", encoding="utf-8")
    report = import_run(actor=admin, kind="posts", path=path, name=path.name, mode="all")
    assert [e.as_dict() for e in report.errors] == [
        {"row": 2, "column": "salary_min", "message": "Not an amount of money."}
    ]
