"""The gaps heat map as a chart (decision 0029): a column per competency, a row per
organisation, coloured by the share of people below the required level, with its colour
legend; a cell opens the people behind it."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from cadre.core import numbers
from cadre.core.charts import COLOURS, Chart, Col

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


def campaign_chart(campaign: Any, progress: list[Any]) -> Chart | None:
    """A campaign's progress: for each organisation the share of its people who have done
    each part of the campaign (test, self-assessment, manager assessment) and of 360°
    requests answered, as grouped horizontal bars (decision 0029)."""
    if not progress:
        return None
    parts = []
    if campaign.test_id:
        parts.append(("test_done", "people", _("Test taken")))
    if campaign.self_assessment:
        parts.append(("self_done", "people", _("Self-assessment made")))
    if campaign.manager_assessment:
        parts.append(("manager_done", "people", _("Manager assessment made")))
    if campaign.feedback:
        parts.append(("answered", "asked", _("360° answers / asked")))
    names = [str(row.organisation) for row in progress]
    traces = []
    for i, (done, of, label) in enumerate(parts):
        shares = [
            getattr(row, done) / getattr(row, of) if getattr(row, of) else 0 for row in progress
        ]
        traces.append(
            {
                "type": "bar",
                "orientation": "h",
                "name": str(label),
                "x": shares,
                "y": names,
                "marker": {"color": COLOURS[i % len(COLOURS)]},
                "customdata": [
                    _("%(done)s of %(of)s")
                    % {
                        "done": numbers.grouped(getattr(row, done)),
                        "of": numbers.grouped(getattr(row, of)),
                    }
                    + f" ({numbers.percent(share, 0)})"
                    for row, share in zip(progress, shares, strict=True)
                ],
                "hovertemplate": f"<b>%{{y}}</b><br>{label}: %{{customdata}}<extra></extra>",
            }
        )
    labels = {
        "test_done": _("Test taken"),
        "self_done": _("Self-assessment made"),
        "manager_done": _("Manager assessment made"),
        "answered": _("360° answers"),
        "asked": _("360° requests"),
    }
    keys = [done for done, _of, _label in parts] + (["asked"] if campaign.feedback else [])
    return Chart(
        key="progress",
        title=_("Share done, by organisation"),
        columns=[
            Col("organisation", _("Organisation")),
            Col("people", _("People"), "int"),
            *(Col(key, labels[key], "int") for key in keys),
        ],
        rows=[
            [str(row.organisation), row.people, *(getattr(row, key) for key in keys)]
            for row in progress
        ],
        traces=traces,
        layout={
            "barmode": "group",
            "xaxis": {"title": {"text": _("Share done")}, "tickformat": ".0%", "range": [0, 1]},
            "yaxis": {"automargin": True, "autorange": "reversed", "type": "category"},
            "legend": {"orientation": "h", "y": -0.25},
            "margin": {"l": 8, "r": 24, "t": 8, "b": 72},
        },
        height=120 + 24 * len(progress) * max(1, len(parts)),
        table_open=False,  # the page's own table below has the same numbers
    )
