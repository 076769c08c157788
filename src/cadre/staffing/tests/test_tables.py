"""Versions, lines, limits, vacancies and the Т-3 export: exact figures, exact refusals, and
nothing written when refused."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from cadre.core.errors import ApplicationError
from cadre.core.models import AuditEvent
from cadre.core.testing.world import World
from cadre.staffing import export, selectors
from cadre.staffing.models import StaffingLimit, StaffingLine, StaffingTable
from cadre.staffing.services import limits, tables

pytestmark = pytest.mark.django_db


def test_the_version_in_force_and_its_figures(world: World, setup: dict[str, Any]) -> None:
    figures = selectors.body_figures(world.orgs["body_a"])
    assert figures.table == setup["table"]
    assert figures.units == Decimal("8.5")
    # (300,000 + 50,000) × 4 + 400,000 + 500,000 + 200,000 × 2.5 = 2,800,000.00
    assert figures.payroll_minor == 280_000_000
    assert figures.occupied == 7
    assert figures.vacancies == Decimal("1.5")
    assert figures.unfunded_posts == []
    assert not figures.over_headcount_limit


def test_units_must_be_quarters_and_nothing_is_saved(world: World, setup: dict[str, Any]) -> None:
    admin = world.users["admin"]
    draft = tables.table_create(
        actor=admin, organisation=world.orgs["body_a"], effective_from=dt.date(2027, 1, 1)
    )
    with pytest.raises(ApplicationError) as exc:
        tables.line_create(
            actor=admin,
            table=draft,
            post=setup["posts"]["AN"],
            units="0.3",
            salary=Decimal(1),
            currency="KZT",
        )
    assert exc.value.errors == {
        "units": ["Staff units are counted in quarters: 0.3 is not a multiple of 0.25."]
    }
    assert not StaffingLine.objects.filter(table=draft).exists()


def test_an_approved_version_is_never_changed(world: World, setup: dict[str, Any]) -> None:
    line = setup["lines"]["AN"]
    with pytest.raises(ApplicationError, match="An approved version is never changed"):
        tables.line_update(actor=world.users["admin"], line=line, units="5")
    line.refresh_from_db()
    assert line.units == Decimal(4)


def test_a_new_version_closes_the_one_before(world: World, setup: dict[str, Any]) -> None:
    admin = world.users["admin"]
    draft = tables.table_create(
        actor=admin,
        organisation=world.orgs["body_a"],
        effective_from=dt.date(2026, 7, 1),
        copy_from=setup["table"],
    )
    assert draft.number == 2 and draft.lines.count() == 4
    pdf = SimpleUploadedFile("order.pdf", b"%PDF-1.4 order", content_type="application/pdf")
    tables.table_approve(
        actor=admin,
        table=draft,
        order_number="31-ш",
        order_date=dt.date(2026, 6, 20),
        order_file=pdf,
    )
    setup["table"].refresh_from_db()
    assert setup["table"].effective_to == dt.date(2026, 6, 30)
    assert selectors.current_table(world.orgs["body_a"], dt.date(2026, 6, 30)) == setup["table"]
    assert selectors.current_table(world.orgs["body_a"], dt.date(2026, 7, 1)) == draft
    assert AuditEvent.objects.filter(action="staffing.approve", object_id=str(draft.pk)).exists()


def test_overlapping_versions_are_refused(world: World, setup: dict[str, Any]) -> None:
    admin = world.users["admin"]
    draft = tables.table_create(
        actor=admin,
        organisation=world.orgs["body_a"],
        effective_from=dt.date(2025, 6, 1),
        copy_from=setup["table"],
    )
    with pytest.raises(ApplicationError) as exc:
        tables.table_approve(
            actor=admin, table=draft, order_number="9", order_date=dt.date(2025, 5, 1)
        )
    assert exc.value.code == "overlap"
    assert str(exc.value) == (
        "The version would overlap version 1, in force from 2026-01-01; a new version must "
        "start after it."
    )
    draft.refresh_from_db()
    setup["table"].refresh_from_db()
    assert draft.status == "draft" and setup["table"].effective_to is None


def test_an_order_file_is_a_pdf_or_a_scan(world: World, setup: dict[str, Any]) -> None:
    admin = world.users["admin"]
    draft = tables.table_create(
        actor=admin,
        organisation=world.orgs["body_a"],
        effective_from=dt.date(2026, 9, 1),
        copy_from=setup["table"],
    )
    fake = SimpleUploadedFile("order.pdf", b"MZ\x90\x00 not a pdf")
    with pytest.raises(ApplicationError) as exc:
        tables.table_approve(
            actor=admin,
            table=draft,
            order_number="9",
            order_date=dt.date(2026, 8, 1),
            order_file=fake,
        )
    assert exc.value.errors == {"order_file": ["The order must be a PDF, PNG or JPEG file."]}
    draft.refresh_from_db()
    assert draft.status == "draft"


def test_a_limit_below_the_people_in_post_needs_a_plan(world: World, setup: dict[str, Any]) -> None:
    admin = world.users["admin"]
    values: dict[str, Any] = {
        "effective_from": dt.date(2026, 3, 1),
        "headcount": Decimal(5),
        "payroll": Decimal(2_000_000),
        "currency": "KZT",
        "act_title": "Resolution on limits",
        "act_number": "112",
        "act_date": dt.date(2026, 2, 1),
        "act_text": "Secret text",
        "restricted": True,
    }
    with pytest.raises(ApplicationError) as exc:
        limits.limit_create(actor=admin, organisation=world.orgs["body_a"], **values)
    assert exc.value.errors == {
        "headcount": [
            "The limit of 5 units is below the 7 people in post: give the reduction plan that "
            "brings them within it."
        ]
    }
    assert not StaffingLimit.objects.exists()
    limit = limits.limit_create(
        actor=admin,
        organisation=world.orgs["body_a"],
        reduction_plan="Two posts by June.",
        **values,
    )
    figures = selectors.body_figures(world.orgs["body_a"])
    assert figures.limit == limit
    assert figures.over_headcount_limit and figures.over_payroll_limit
    # The act's text: the HR officer may not read a restricted act; the administrator may.
    assert selectors.act_text(world.users["hr_a"], limit) is None
    assert selectors.act_text(admin, limit) == "Secret text"


def test_open_competitions_take_vacancies(world: World, setup: dict[str, Any]) -> None:
    """Vacancies = approved units − occupied − open competitions."""
    from cadre.staffing.selectors import open_competitions_by_post

    assert open_competitions_by_post([p.pk for p in setup["posts"].values()]) == {}
    figures = selectors.body_figures(world.orgs["body_a"])
    by_code = {f.line.post.code: f for f in figures.lines}
    assert by_code["CL"].vacancies == Decimal("1.5")
    assert by_code["AN"].vacancies == Decimal(0)


def test_t3_export(world: World, setup: dict[str, Any]) -> None:
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(export.t3_xlsx(setup["table"], with_pay=True)))
    sheet: Any = book.active
    rows = [tuple(r) for r in sheet.iter_rows(values_only=True)]
    assert rows[7][:5] == (
        "Structural unit",
        "Unit code",
        "Post (grade, class)",
        "Number of staff units",
        "Salary (tariff rate)",
    )
    assert rows[8] == tuple(range(1, 11))
    analyst = next(r for r in rows if r[2] == "Analyst, C-4")
    assert analyst[1] == "UNIT_A1" and analyst[3] == 4 and analyst[8] == 1_400_000
    assert rows[-1][0] == "Total" and rows[-1][3] == 8.5 and rows[-1][8] == 2_800_000
    text = export.t3_csv(setup["table"], with_pay=False)
    assert "Analyst, C-4" in text and "350000" not in text and "1400000" not in text


def test_a_scope_outside_the_body_is_refused(world: World, setup: dict[str, Any]) -> None:
    with pytest.raises(ApplicationError) as exc:
        tables.table_create(
            actor=world.users["hr_b"],
            organisation=world.orgs["body_a"],
            effective_from=dt.date(2027, 1, 1),
        )
    assert exc.value.code == "scope"
    assert StaffingTable.objects.count() == 1
