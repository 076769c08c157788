"""A staffing-table version as form Т-3 (XLSX, with the form's heading and numbered
columns 1–10) and as CSV (the same columns, one line per row). Salary columns are the
PAY data class: left empty for whoever may not see pay."""

from __future__ import annotations

import csv
import io
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from cadre.core.exports import neutralise, xlsx_row
from cadre.staffing.models import StaffingLine, StaffingTable

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def t3_header() -> list[str]:
    """The columns of form Т-3, numbered as on the form."""
    return [
        _("Structural unit"),
        _("Unit code"),
        _("Post (grade, class)"),
        _("Number of staff units"),
        _("Salary (tariff rate)"),
        _("Supplements"),
        _("Supplement 2"),
        _("Supplement 3"),
        _("Total per month"),
        _("Note"),
    ]


def t3_rows(table: StaffingTable, *, with_pay: bool) -> list[list[Any]]:
    lines = StaffingLine.objects.filter(table=table).select_related("post__organisation")
    rows = []
    for line in lines.order_by("post__organisation__path", "post__title", "id"):
        unit = line.post.organisation
        total = (line.salary + line.supplements) * line.units
        title = f"{line.post.title}, {line.grade}" if line.grade else line.post.title
        rows.append(
            [
                unit.display_name,
                unit.code,
                title,
                line.units,
                line.salary if with_pay else None,
                line.supplements if with_pay else None,
                None,
                None,
                total.quantize(Decimal("0.01")) if with_pay else None,
                ", ".join(line.functions),
            ]
        )
    return rows


def t3_xlsx(table: StaffingTable, *, with_pay: bool) -> bytes:
    from openpyxl import Workbook

    rows = t3_rows(table, with_pay=with_pay)
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("T-3")
    units = sum((r[3] for r in rows), Decimal(0))
    payroll = sum((r[8] or Decimal(0) for r in rows), Decimal(0))
    currency = table.lines.values_list("currency", flat=True).first() or ""
    heading: list[list[Any]] = [
        [_("Unified form No. Т-3")],
        [table.organisation.display_name],
        [_("STAFFING TABLE"), _("Document number"), table.number, _("Date"), table.order_date],
        [_("for the period from"), table.effective_from, _("until"), table.effective_to],
        [
            _("APPROVED by order No."),
            table.order_number,
            _("of"),
            table.order_date,
        ],
        [
            _("Staff of units"),
            units,
            _("monthly payroll"),
            payroll if with_pay else None,
            currency,
        ],
        [],
        t3_header(),
        list(range(1, 11)),
    ]
    for row in heading:
        ws.append(xlsx_row(ws, row))
    for row in rows:
        ws.append(xlsx_row(ws, row))
    ws.append(
        xlsx_row(
            ws,
            [_("Total"), "", "", units, None, None, None, None, payroll if with_pay else None, ""],
        )
    )
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def t3_csv(table: StaffingTable, *, with_pay: bool) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    out.write("\ufeff")
    writer.writerow(t3_header())
    for row in t3_rows(table, with_pay=with_pay):
        writer.writerow([neutralise("" if v is None else str(v)) for v in row])
    return out.getvalue()


def demand_rows(result: Any) -> list[list[Any]]:
    """The forecast as rows: a family and a line per row, a column per year."""
    from cadre.staffing.demand import DEMAND, SUPPLY

    rows: list[list[Any]] = []
    for fam in [*result.families, result.total]:
        for key, label in DEMAND:
            rows.append([fam.name, _("Demand"), str(label), *fam.lines[key]])
        for key, label in SUPPLY:
            rows.append([fam.name, _("Supply"), str(label), *fam.lines[key]])
        rows.append([fam.name, _("Demand"), _("Total"), *fam.demand])
        rows.append([fam.name, _("Supply"), _("Total"), *fam.supply])
        rows.append([fam.name, _("Gap"), _("Demand − supply"), *fam.gap])
    return rows


def demand_xlsx(result: Any, method: str) -> bytes:
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    ws = wb.create_sheet(_("Workforce demand")[:31])
    ws.append(xlsx_row(ws, [_("Workforce demand"), result.root.name]))
    ws.append(xlsx_row(ws, [_("Method"), method]))
    ws.append([])
    ws.append(xlsx_row(ws, [_("Competency family"), "", _("Line"), *result.years]))
    for row in demand_rows(result):
        ws.append(xlsx_row(ws, row))
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
