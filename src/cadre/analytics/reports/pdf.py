"""A report as PDF with reportlab (pip-only) and the DejaVu Sans font shipped in
``analytics/fonts`` (Cyrillic, Kazakh and Vietnamese letters; its licence beside it)."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable
from pathlib import Path
from typing import Any

from reportlab.graphics.charts.barcharts import HorizontalBarChart
from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import LongTable, Paragraph, SimpleDocTemplate, Spacer, TableStyle

from cadre.analytics.reports import Content, Table
from cadre.core import numbers

FONTS = Path(__file__).resolve().parent.parent / "fonts"
FONT, BOLD = "DejaVuSans", "DejaVuSans-Bold"


@functools.cache
def _fonts() -> None:
    pdfmetrics.registerFont(TTFont(FONT, str(FONTS / "DejaVuSans.ttf")))
    pdfmetrics.registerFont(TTFont(BOLD, str(FONTS / "DejaVuSans-Bold.ttf")))


def _cell(v: Any) -> str:
    if v is None:
        return "—"
    if isinstance(v, float):
        return numbers.grouped(v, 4 if abs(v) < 10 else 2)
    if isinstance(v, int):
        return numbers.grouped(v, 0)
    if isinstance(v, dt.date):
        return v.isoformat()
    return str(v)


def _chart(table: Table) -> Drawing | None:
    assert table.chart is not None
    points = [
        (str(r[0])[:40], r[table.chart])
        for r in table.rows[:40]
        if isinstance(r[table.chart], int | float)
    ]
    if not points:
        return None
    height = 14 * len(points) + 30
    d = Drawing(170 * mm, height)
    c = HorizontalBarChart()
    c.x, c.y, c.width, c.height = 60 * mm, 10, 100 * mm, height - 20
    c.data = [[float(v) for _, v in points]]
    c.categoryAxis.categoryNames = [n for n, _ in points]
    c.categoryAxis.labels.fontName = FONT
    c.categoryAxis.labels.fontSize = 7
    c.valueAxis.labels.fontName = FONT
    c.valueAxis.labels.fontSize = 7
    c.valueAxis.valueMin = 0
    c.bars[0].fillColor = colors.HexColor("#0b5cad")
    d.add(c)
    return d


def write_pdf(
    content: Content, path: Path, progress: Callable[[int, int], None] | None = None
) -> int:
    """Write the PDF; returns its number of pages."""
    _fonts()
    body = ParagraphStyle("body", fontName=FONT, fontSize=9, leading=11)
    h1 = ParagraphStyle("h1", fontName=BOLD, fontSize=16, leading=20, spaceAfter=6)
    h2 = ParagraphStyle("h2", fontName=BOLD, fontSize=12, leading=15, spaceBefore=10, spaceAfter=4)
    story: list[Any] = [Paragraph(content.title, h1), Paragraph(content.subtitle, body)]
    for i, table in enumerate(content.tables, start=1):
        story.append(Paragraph(table.heading, h2))
        if table.chart is not None:
            drawing = _chart(table)
            if drawing is not None:
                story.append(drawing)
        data = [table.columns, *[[_cell(v) for v in row] for row in table.rows]]
        if len(data) == 1:
            data.append(["—"] + [""] * (len(table.columns) - 1))
        grid = LongTable(data, repeatRows=1)
        grid.setStyle(
            TableStyle(
                [
                    ("FONTNAME", (0, 0), (-1, -1), FONT),
                    ("FONTNAME", (0, 0), (-1, 0), BOLD),
                    ("FONTSIZE", (0, 0), (-1, -1), 7.5),
                    ("LINEBELOW", (0, 0), (-1, 0), 0.6, colors.black),
                    (
                        "ROWBACKGROUNDS",
                        (0, 1),
                        (-1, -1),
                        [colors.white, colors.HexColor("#f1f4f8")],
                    ),
                    ("ALIGN", (1, 1), (-1, -1), "RIGHT"),
                ]
            )
        )
        story.append(grid)
        story.append(Spacer(1, 4 * mm))
        if progress is not None:
            progress(i, len(content.tables))
    pages: list[int] = []
    doc = SimpleDocTemplate(
        str(path),
        pagesize=A4,
        title=content.title,
        leftMargin=15 * mm,
        rightMargin=15 * mm,
        topMargin=15 * mm,
        bottomMargin=15 * mm,
    )

    def footer(canvas: Any, doc: Any) -> None:
        pages.append(doc.page)
        canvas.setFont(FONT, 7)
        canvas.drawRightString(195 * mm, 8 * mm, str(doc.page))

    doc.build(story, onFirstPage=footer, onLaterPages=footer)
    return len(pages)
