"""A report as an XLSX workbook: a sheet per table, a native bar chart where the table
asks for one (openpyxl's charts: Excel and LibreOffice draw them)."""

from __future__ import annotations

import re
from pathlib import Path

from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference
from openpyxl.styles import Font

from cadre.analytics.reports import Content
from cadre.core.exports import neutralise


def _sheet_title(text: str, used: set[str]) -> str:
    base = re.sub(r"[\[\]:*?/\\]", " ", text)[:28].strip() or "Sheet"
    title, n = base, 1
    while title in used:
        n += 1
        title = f"{base[:25]} {n}"
    used.add(title)
    return title


def write_xlsx(content: Content, path: Path) -> int:
    """Write the workbook; returns the number of sheets."""
    wb = Workbook()
    cover = wb.active
    assert cover is not None
    used: set[str] = set()
    cover.title = _sheet_title(content.title, used)
    cover["A1"] = content.title
    cover["A1"].font = Font(bold=True, size=14)
    cover["A2"] = content.subtitle
    for i, table in enumerate(content.tables, start=4):
        cover.cell(row=i, column=1, value=table.heading)
    for table in content.tables:
        ws = wb.create_sheet(_sheet_title(table.heading, used))
        ws.append([table.heading])
        ws["A1"].font = Font(bold=True)
        ws.append(table.columns)
        for cell in ws[2]:
            cell.font = Font(bold=True)
        for row in table.rows:
            ws.append([neutralise(v) if isinstance(v, str) else v for v in row])
        ws.column_dimensions["A"].width = 40
        if table.chart is not None and table.rows:
            chart = BarChart()
            chart.type = "bar"
            chart.title = table.heading
            chart.height = max(7.5, 0.5 * len(table.rows) + 3)
            last = 2 + len(table.rows)
            data = Reference(ws, min_col=table.chart + 1, min_row=2, max_row=last)
            cats = Reference(ws, min_col=1, min_row=3, max_row=last)
            chart.add_data(data, titles_from_data=True)
            chart.set_categories(cats)
            ws.add_chart(chart, f"{chr(ord('A') + len(table.columns) + 1)}2")
    wb.save(path)
    return len(wb.sheetnames)
