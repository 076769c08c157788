"""The charts of analytics (decision 0029's ``Chart``: a plotly spec plus the table behind
it, exportable as CSV): the registry by child organisation, the ratings by month, the
regions ranked by a measure and the evenness over periods."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from cadre.analytics.choices import Measure
from cadre.core import numbers
from cadre.core.charts import COLOURS, Chart, Col, month_label

PERCENT_MEASURES = {Measure.IT_QUALIFIED, Measure.STANDARDS_MET, Measure.TRAINING}


def value_col(measure: str) -> Col:
    if measure in PERCENT_MEASURES:
        return Col("value", Measure(measure).label, "pct", 1)
    return Col("value", Measure(measure).label, "num", 2)


def registry_chart(children: list[Any], parts: list[Any]) -> Chart | None:
    rows = [
        [str(c), p.headcount, p.it_headcount, p.it_headcount - p.it_without_it_specialty]
        for c, p in zip(children, parts, strict=True)
        if p.headcount
    ]
    if not rows:
        return None
    names = [r[0] for r in rows]
    return Chart(
        key="registry",
        title=_("IT staff and those with an IT specialty"),
        columns=[
            Col("name", _("Organisation")),
            Col("headcount", _("Headcount"), "int"),
            Col("it", _("IT staff"), "int"),
            Col("qualified", _("With an IT specialty"), "int"),
        ],
        rows=rows,
        traces=[
            {"type": "bar", "name": _("IT staff"), "x": names, "y": [r[2] for r in rows]},
            {
                "type": "bar",
                "name": _("With an IT specialty"),
                "x": names,
                "y": [r[3] for r in rows],
            },
        ],
        layout={"barmode": "group", "xaxis": {"type": "category", "automargin": True}},
        table_open=False,
    )


def ratings_chart(tallies: list[dict[str, Any]]) -> Chart | None:
    if not tallies:
        return None
    rows = [
        [t["month"], t["ratings"], (t["negatives"] / t["ratings"]) if t["ratings"] else None]
        for t in tallies
    ]
    labels = [month_label(r[0]) for r in rows]
    return Chart(
        key="ratings",
        title=_("Citizen ratings a month"),
        columns=[
            Col("month", _("Month"), "month"),
            Col("ratings", _("Ratings"), "int"),
            Col("negative_share", _("Negative"), "pct", 0),
        ],
        rows=rows,
        traces=[
            {"type": "bar", "name": _("Ratings"), "x": labels, "y": [r[1] for r in rows]},
            {
                "type": "scatter",
                "mode": "lines+markers",
                "name": _("Negative"),
                "x": labels,
                "y": [r[2] for r in rows],
                "yaxis": "y2",
                "line": {"color": COLOURS[2]},
            },
        ],
        layout={
            "xaxis": {"type": "category"},
            "yaxis2": {"overlaying": "y", "side": "right", "tickformat": ".0%", "showgrid": False},
        },
        table_open=False,
    )


def ranking_chart(figures: Any, root_id: int, query: str) -> Chart | None:
    """The regions ranked by the measure (plotly draws the first category at the bottom:
    the highest region stands at the top); a bar opens the region's rows."""
    result = figures.result
    if result is None:
        return None
    ranked = sorted(
        (r for r in result.regions if r.value is not None), key=lambda r: (r.value, r.region)
    )
    if not ranked:
        return None
    col = value_col(figures.measure)
    url = reverse("analytics:rows", args=[root_id])
    names = [figures.names.get(r.region, str(r.region)) for r in ranked]
    return Chart(
        key="ranking",
        title=_("Regions ranked: %(measure)s") % {"measure": Measure(figures.measure).label},
        columns=[
            Col("region", _("Region")),
            col,
            Col("units", _("Bodies counted"), "int"),
            Col("none", _("Bodies with none"), "int"),
            Col("gini", _("Gini within"), "num", 3),
        ],
        rows=[
            [n, r.value, r.units, r.units_with_none, r.spread.gini]
            for n, r in zip(names, ranked, strict=True)
        ],
        traces=[
            {
                "type": "bar",
                "orientation": "h",
                "x": [r.value for r in ranked],
                "y": names,
                "text": [col.show(r.value) for r in ranked],
                "hovertemplate": "%{y}: %{text}<extra></extra>",
                "customdata": [f"{url}?{query}&region={r.region}" for r in ranked],
            }
        ],
        layout={
            "yaxis": {"type": "category", "automargin": True},
            "margin": {"l": 200, "r": 24, "t": 16, "b": 40},
        },
        height=max(240, 28 * len(ranked) + 80),
    )


def trend_chart(trend: list[Any]) -> Chart | None:
    points = [f for f in trend if f.result is not None and f.result.theil is not None]
    if not points:
        return None
    labels = [month_label(f.period) for f in points]
    rows = [
        [f.period, f.result.theil, f.result.between, f.result.within, f.result.spread.cv]
        for f in points
    ]
    return Chart(
        key="trend",
        title=_("Evenness over periods"),
        note=_("Theil T (0: perfectly even) split into between and within regions."),
        columns=[
            Col("period", _("Month"), "month"),
            Col("theil", _("Theil T"), "num", 4),
            Col("between", _("Between regions"), "num", 4),
            Col("within", _("Within regions"), "num", 4),
            Col("cv", _("Coefficient of variation"), "num", 3),
        ],
        rows=rows,
        traces=[
            {"type": "bar", "name": _("Between regions"), "x": labels, "y": [r[2] for r in rows]},
            {"type": "bar", "name": _("Within regions"), "x": labels, "y": [r[3] for r in rows]},
            {
                "type": "scatter",
                "mode": "lines+markers",
                "name": _("Coefficient of variation"),
                "x": labels,
                "y": [r[4] for r in rows],
                "yaxis": "y2",
                "text": [numbers.grouped(r[4], 3) if r[4] is not None else "" for r in rows],
            },
        ],
        layout={
            "barmode": "stack",
            "xaxis": {"type": "category"},
            "yaxis2": {"overlaying": "y", "side": "right", "showgrid": False},
        },
    )
