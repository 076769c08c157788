"""The ratings' charts (decision 0029): the monthly trend, the criteria, the funnel plot of
bodies and the public scores — each a :class:`cadre.core.charts.Chart` built from rows the
views have already scoped."""

from __future__ import annotations

import math
from typing import Any

from django.utils.translation import gettext as _

from cadre.core import numbers
from cadre.core.charts import COLOURS, Chart, Col, month_label


def trend_chart(months: list[dict[str, Any]], *, public: bool = False) -> Chart | None:
    """Bars: counted ratings a month; line (right axis): the share rated 1 or 2. On a
    public page (``public``) without plotly's tool bar."""
    if not months:
        return None
    labels = [month_label(m["month"]) for m in months]
    # The right axis from 0 to a round tenth above the worst month: ticks at whole percents.
    top = min(1.0, math.ceil(max(m["negative_share"] for m in months) * 10) / 10 + 0.1)
    return Chart(
        key="trend",
        title=_("Ratings a month and the share of negative ones"),
        note=_("Bars: counted ratings a month. Line: the share rated 1 or 2."),
        columns=[
            Col("month", _("Month"), "month"),
            Col("ratings", _("Ratings"), "int"),
            Col("negative_share", _("Negative"), "pct", 0),
            Col("mean", _("Average (1–5)"), "num", 2),
        ],
        rows=[[m["month"], m["ratings"], m["negative_share"], m["mean"]] for m in months],
        traces=[
            {
                "type": "bar",
                "name": _("Ratings"),
                "x": labels,
                "y": [m["ratings"] for m in months],
                "marker": {"color": "#9cc3e8"},
                "hovertemplate": "%{x}: %{y}<extra></extra>",
            },
            {
                "type": "scatter",
                "mode": "lines+markers",
                "name": _("Negative (1 or 2)"),
                "x": labels,
                "y": [m["negative_share"] for m in months],
                "yaxis": "y2",
                "line": {"color": COLOURS[2], "width": 2},
                "text": [numbers.percent(m["negative_share"], 0) for m in months],
                "hovertemplate": "%{x}: %{text}<extra></extra>",
            },
        ],
        layout={
            "xaxis": {"title": {"text": _("Month")}, "type": "category", "automargin": True},
            "yaxis": {"title": {"text": _("Ratings")}, "rangemode": "tozero"},
            "yaxis2": {
                "title": {"text": _("Negative (1 or 2)")},
                "overlaying": "y",
                "side": "right",
                "tickformat": ".0%",
                "range": [0, top],
                "dtick": 0.1 if top > 0.3 else 0.05,
                "showgrid": False,
            },
            "margin": {"l": 64, "r": 64, "t": 16, "b": 64},
            "legend": {"orientation": "h", "y": -0.3},
        },
        modebar=not public,
    )


def criteria_chart(criteria: list[tuple[Any, int, float]]) -> Chart | None:
    """Each driver's average (1–5) as a horizontal bar, over the months shown."""
    answered = [(str(label), n, mean) for label, n, mean in criteria if n]
    if not answered:
        return None
    return Chart(
        key="criteria",
        title=_("What citizens rated, over these months"),
        columns=[
            Col("criterion", _("Criterion")),
            Col("mean", _("Average (1–5)"), "num", 2),
            Col("answers", _("Answers"), "int"),
        ],
        rows=[[label[:1].upper() + label[1:], mean, n] for label, n, mean in answered],
        traces=[
            {
                "type": "bar",
                "orientation": "h",
                "x": [mean for _label, _n, mean in answered],
                "y": [label[:1].upper() + label[1:] for label, _n, _mean in answered],
                "marker": {"color": COLOURS[0]},
                "text": [numbers.grouped(mean, 2) for _label, _n, mean in answered],
                "textposition": "auto",
                "hovertemplate": "%{y}: %{text}<extra></extra>",
            }
        ],
        layout={
            "xaxis": {"title": {"text": _("Average (1–5)")}, "range": [1, 5], "dtick": 1},
            "yaxis": {"automargin": True, "autorange": "reversed"},
            "height": 80 + 40 * len(answered),
            "showlegend": False,
        },
        height=80 + 40 * len(answered),
    )


def funnel_chart(plot: Any, shown: int, total: int) -> Chart | None:
    """Bodies' share of negative ratings against their number of ratings, with the network
    rate and its 95% and 99.8% control limits (over-dispersion ``phi`` included)."""
    if plot is None:
        return None
    max_n = max(n for _label, n, _rate in plot.points)
    steps = sorted({max(1, round(max_n * i / 80)) for i in range(1, 81)})

    def limit(z: float, side: int) -> list[float]:
        return [plot.limits(n, z)[side] for n in steps]

    def line(name: str, y: list[float], colour: str, dash: str, legend: bool) -> dict[str, Any]:
        return {
            "type": "scatter",
            "mode": "lines",
            "name": name,
            "x": steps,
            "y": y,
            "line": {"color": colour, "dash": dash, "width": 1.5},
            "hoverinfo": "skip",
            "legendgroup": name,
            "showlegend": legend,
        }

    rows = []
    for label, n, rate in plot.points:
        low95, high95 = plot.limits(n, 1.96)
        low998, high998 = plot.limits(n, 3.09)
        rows.append([label, n, round(rate * n), rate, low95, high95, low998, high998])
    p0 = _("Network rate")
    p95, p998 = numbers.percent(0.95, 0), numbers.percent(0.998, 1)
    l95 = _("%(level)s limits") % {"level": p95}
    l998 = _("%(level)s limits") % {"level": p998}
    return Chart(
        key="funnel",
        title=_("Bodies: share of negative ratings against the number of ratings"),
        note=(
            _(
                "Network rate %(p0)s; limits at 95%% and 99.8%%, over-dispersion %(phi)s."
                " A body above the upper 99.8%% limit gets more negative ratings than chance"
                " explains."
            )
            % {"p0": numbers.percent(plot.p0, 1), "phi": numbers.grouped(plot.phi, 2)}
            + (
                " "
                + _(
                    "The %(shown)s bodies with the most ratings of %(total)s are drawn;"
                    " the rate and the limits come from all of them."
                )
                % {"shown": numbers.grouped(shown), "total": numbers.grouped(total)}
                if shown < total
                else ""
            )
        ),
        columns=[
            Col("body", _("Body")),
            Col("ratings", _("Ratings"), "int"),
            Col("negatives", _("Negative"), "int"),
            Col("share", _("Share negative"), "pct", 1),
            Col("low95", _("Lower %(level)s limit") % {"level": p95}, "pct", 1),
            Col("high95", _("Upper %(level)s limit") % {"level": p95}, "pct", 1),
            Col("low998", _("Lower %(level)s limit") % {"level": p998}, "pct", 1),
            Col("high998", _("Upper %(level)s limit") % {"level": p998}, "pct", 1),
        ],
        rows=rows,
        traces=[
            line(p0, [plot.p0] * len(steps), COLOURS[0], "solid", True),
            line(l95, limit(1.96, 1), COLOURS[1], "dash", True),
            line(l95, limit(1.96, 0), COLOURS[1], "dash", False),
            line(l998, limit(3.09, 1), COLOURS[2], "dot", True),
            line(l998, limit(3.09, 0), COLOURS[2], "dot", False),
            {
                "type": "scatter",
                "mode": "markers",
                "name": _("Bodies"),
                "x": [n for _label, n, _rate in plot.points],
                "y": [rate for _label, _n, rate in plot.points],
                "marker": {"color": "#1b1f24", "size": 8},
                "text": [
                    f"{label}: {numbers.grouped(n)} — {numbers.percent(rate, 1)}"
                    for label, n, rate in plot.points
                ],
                "hovertemplate": "%{text}<extra></extra>",
            },
        ],
        layout={
            "xaxis": {
                "title": {"text": _("Number of ratings")},
                "rangemode": "tozero",
                "range": [0, max_n * 1.05],
            },
            "yaxis": {
                "title": {"text": _("Share of negative ratings (1 or 2)")},
                "tickformat": ".0%",
                "rangemode": "tozero",
            },
            "legend": {"orientation": "h", "y": -0.25},
            "margin": {"l": 64, "r": 24, "t": 16, "b": 72},
        },
        height=400,
    )


def public_chart(page: Any, key: str, title: str, *, table_open: bool = False) -> Chart | None:
    """A page of the public scores: each unit's shrunk average (1–5), best first. Its table
    starts folded where the page has a table of the same scores (``table_open=False``)."""
    units = sorted(page, key=lambda u: (-u.score.mean, u.display_name))
    if not units:
        return None
    return Chart(
        key=key,
        title=title,
        columns=[
            Col("name", _("Name")),
            Col("score", _("Score (1–5)"), "num", 2),
            Col("satisfied", _("At least satisfied"), "pct", 0),
            Col("ratings", _("Ratings"), "int"),
        ],
        rows=[[u.display_name, u.score.mean, u.score.wilson_low, u.score.ratings] for u in units],
        traces=[
            {
                "type": "bar",
                "orientation": "h",
                "x": [u.score.mean for u in units],
                "y": [u.display_name for u in units],
                "marker": {"color": COLOURS[0]},
                "text": [numbers.grouped(u.score.mean, 2) for u in units],
                "textposition": "auto",
                "customdata": [
                    f"{_('At least satisfied')}: {numbers.percent(u.score.wilson_low, 0)}"
                    f"<br>{_('Ratings')}: {numbers.grouped(u.score.ratings)}"
                    for u in units
                ],
                "hovertemplate": "<b>%{y}</b>: %{text}<br>%{customdata}<extra></extra>",
            }
        ],
        layout={
            "xaxis": {"title": {"text": _("Score (1–5)")}, "range": [1, 5], "dtick": 1},
            "yaxis": {"automargin": True, "autorange": "reversed"},
            "showlegend": False,
            "margin": {"l": 8, "r": 8, "t": 8, "b": 48},
        },
        height=72 + 32 * len(units),
        table_open=table_open,
        modebar=False,
    )
