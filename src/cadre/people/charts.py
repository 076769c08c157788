"""The registry dashboard's charts (decision 0029): the IT-unit staff by highest IT
education, and the organisations under the one shown, each bar a link to its rows."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from cadre.core import numbers
from cadre.core.charts import COLOURS, Chart, Col


def levels_chart(levels: list[tuple[Any, int, int, str]]) -> Chart:
    """``levels``: ``(label, people, _, href)`` as the dashboard lists them."""
    return Chart(
        key="levels",
        title=_("IT-unit staff by highest IT education"),
        columns=[Col("level", _("Highest IT education")), Col("people", _("People"), "int")],
        rows=[[str(label), n] for label, n, _pct, _href in levels],
        traces=[
            {
                "type": "bar",
                "orientation": "h",
                "x": [n for _label, n, _pct, _href in levels],
                "y": [str(label) for label, _n, _pct, _href in levels],
                "marker": {
                    "color": [COLOURS[0]] * (len(levels) - 1) + [COLOURS[2]],
                },
                "text": [numbers.grouped(n) for _label, n, _pct, _href in levels],
                "textposition": "auto",
                "customdata": [href for _label, _n, _pct, href in levels],
                "hovertemplate": "<b>%{y}</b>: %{text}<extra></extra>",
            }
        ],
        layout={
            "xaxis": {"title": {"text": _("People")}, "rangemode": "tozero"},
            "yaxis": {"automargin": True, "autorange": "reversed", "type": "category"},
            "showlegend": False,
            "margin": {"l": 8, "r": 24, "t": 8, "b": 48},
        },
        height=90 + 34 * len(levels),
        table_open=False,  # the page lists the same figures as links
    )


def children_chart(children: list[tuple[Any, Any]], href: Any) -> Chart | None:
    """The IT-unit staff of each organisation under the one shown, split into those with
    and without an IT specialty; ``href(org)`` is the page a bar opens."""
    if not children:
        return None
    names = [str(org) for org, _f in children]
    with_it = [f.it_headcount - f.it_without_it_specialty for _org, f in children]
    without = [f.it_without_it_specialty for _org, f in children]
    links = [href(org) for org, _f in children]
    return Chart(
        key="children",
        title=_("IT-unit staff under this organisation"),
        columns=[
            Col("organisation", _("Organisation")),
            Col("headcount", _("Headcount"), "int"),
            Col("it_headcount", _("IT-unit staff"), "int"),
            Col("without", _("Without an IT specialty"), "int"),
        ],
        rows=[
            [str(org), f.headcount, f.it_headcount, f.it_without_it_specialty]
            for org, f in children
        ],
        traces=[
            {
                "type": "bar",
                "orientation": "h",
                "name": _("With an IT specialty"),
                "x": with_it,
                "y": names,
                "marker": {"color": COLOURS[0]},
                "customdata": links,
                "hovertemplate": "<b>%{y}</b>: %{x}<extra></extra>",
            },
            {
                "type": "bar",
                "orientation": "h",
                "name": _("Without an IT specialty"),
                "x": without,
                "y": names,
                "marker": {"color": COLOURS[2]},
                "customdata": links,
                "hovertemplate": "<b>%{y}</b>: %{x}<extra></extra>",
            },
        ],
        layout={
            "barmode": "stack",
            "xaxis": {"title": {"text": _("IT-unit staff")}, "rangemode": "tozero"},
            "yaxis": {"automargin": True, "autorange": "reversed", "type": "category"},
            "legend": {"orientation": "h", "y": -0.2},
            "margin": {"l": 8, "r": 24, "t": 8, "b": 72},
        },
        height=120 + 28 * len(children),
        table_open=False,  # the page's own table below has the same numbers, with links
    )
