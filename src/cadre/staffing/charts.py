"""The workforce forecast's chart (decision 0029's ``Chart``): demand, supply and the gap
per competency family and year, with the table behind it (CSV)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from cadre.core.charts import Chart, Col


def plain(value: Decimal) -> int | float:
    """A figure as the chart and its CSV show it: whole numbers without decimals."""
    return int(value) if value == value.to_integral_value() else float(value)


def gap_chart(result: Any) -> Chart | None:
    if not result.families:
        return None
    rows = [
        [fam.name, year, plain(fam.demand[i]), plain(fam.supply[i]), plain(fam.gap[i])]
        for fam in result.families
        for i, year in enumerate(result.years)
    ]
    names = [fam.name for fam in result.families]
    traces = [
        {
            "type": "bar",
            "name": _("Gap in %(year)s") % {"year": year},
            "x": names,
            "y": [plain(fam.gap[i]) for fam in result.families],
        }
        for i, year in enumerate(result.years)
    ]
    return Chart(
        key="gap",
        title=_("Gap per competency family (demand − supply)"),
        columns=[
            Col("family", _("Competency family")),
            Col("year", _("Year")),
            Col("demand", _("Demand"), "num", 2),
            Col("supply", _("Supply"), "num", 2),
            Col("gap", _("Gap"), "num", 2),
        ],
        rows=rows,
        traces=traces,
        layout={
            "barmode": "group",
            "xaxis": {"type": "category", "automargin": True},
            "yaxis": {"title": {"text": _("People / staff units")}, "zeroline": True},
        },
        table_open=False,
    )
