"""The gaps heat map as a chart (decision 0029): a column per competency, a row per
organisation, coloured by the share of people below the required level, with its colour
legend; a cell opens the people behind it."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from cadre.core import numbers
from cadre.core.charts import Chart, Col

# Pale to deep red, the eleven heat-0…heat-10 classes of cadre.css: the table's cells and
# the legend under the chart (``LEGEND``) use the same colours.
SCALE = [[i / 10, f"hsl(4,70%,{96 - 5 * i}%)"] for i in range(11)]
LEGEND = [(f"heat-{i}", i * 10) for i in range(11)]


def heat_chart(rows: list[Any], columns: list[Any]) -> Chart | None:
    """``rows``: ``(competency, [(organisation, cell, view), …])`` as the heat map view
    builds them; ``columns``: the organisations."""
    if not rows or not columns:
        return None
    competencies = [comp for comp, _line in rows]
    z: list[list[float | None]] = [[] for _org in columns]
    text: list[list[str]] = [[] for _org in columns]
    links: list[list[str]] = [[] for _org in columns]
    table = []
    for comp, line in rows:
        for i, (org, cell, view) in enumerate(line):
            if cell is not None and cell.people:
                share = cell.below / cell.people
                z[i].append(share)
                text[i].append(
                    f"{org} · {comp}<br>"
                    + _("%(b)s of %(p)s below the required level")
                    % {"b": numbers.grouped(cell.below), "p": numbers.grouped(cell.people)}
                    + f" ({numbers.percent(share, 0)})"
                )
                links[i].append(view["href"] if view else "")
                table.append([str(org), comp.code, str(comp.name), cell.people, cell.below, share])
            else:
                z[i].append(None)
                text[i].append(f"{org} · {comp}<br>—")
                links[i].append("")
    return Chart(
        key="gaps",
        title=_("Share below the required level, by competency and organisation"),
        columns=[
            Col("organisation", _("Organisation")),
            Col("code", _("Code")),
            Col("competency", _("Competency")),
            Col("people", _("People"), "int"),
            Col("below", _("Below the required level"), "int"),
            Col("share", _("Share below"), "pct", 0),
        ],
        rows=table,
        traces=[
            {
                "type": "heatmap",
                "x": [comp.code for comp in competencies],
                "y": [str(org) for org in columns],
                "z": z,
                "zmin": 0,
                "zmax": 1,
                "colorscale": SCALE,
                "xgap": 2,
                "ygap": 2,
                "text": text,
                "customdata": links,
                "texttemplate": "%{z:.0%}",
                "hovertemplate": "%{text}<extra></extra>",
                # The colour legend is the page's (``LEGEND``), shown with or without script:
                # plotly.js's colour bar sets style attributes, which the policy refuses.
                "showscale": False,
            }
        ],
        layout={
            "xaxis": {"title": {"text": _("Competency")}, "type": "category", "side": "top"},
            "yaxis": {"type": "category", "automargin": True, "autorange": "reversed"},
            "margin": {"l": 8, "r": 8, "t": 72, "b": 16},
        },
        height=140 + 36 * len(columns),
        table_open=False,  # the page's own table below has the same numbers, with links
    )
