"""A training target's progress as a chart (decision 0029): the people who reach it now,
those expected by the due date at the pace of the last 90 days, and the target."""

from __future__ import annotations

from typing import Any

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from cadre.core import numbers
from cadre.core.charts import COLOURS, Chart, Col


def target_chart(target: Any, progress: Any) -> Chart:
    """Three horizontal bars: reached now, expected by the due date, the target."""
    bars = [
        (_("Reached now"), progress.reached, COLOURS[0]),
        (
            _("Expected by %(date)s at this pace")
            % {"date": date_format(target.due_on, "SHORT_DATE_FORMAT")},
            progress.forecast,
            COLOURS[3] if progress.on_track else COLOURS[1],
        ),
        (_("Target"), progress.goal, COLOURS[5]),
    ]
    return Chart(
        key="target",
        title=_("People who reach the target"),
        columns=[Col("measure", _("Measure")), Col("people", _("People"), "int")],
        rows=[[str(label), value] for label, value, _colour in bars],
        traces=[
            {
                "type": "bar",
                "orientation": "h",
                "x": [value for _label, value, _colour in bars],
                "y": [str(label) for label, _value, _colour in bars],
                "marker": {"color": [colour for _label, _value, colour in bars]},
                "text": [numbers.grouped(value) for _label, value, _colour in bars],
                "textposition": "auto",
                "hovertemplate": "<b>%{y}</b>: %{text}<extra></extra>",
            }
        ],
        layout={
            "xaxis": {"title": {"text": _("People")}, "rangemode": "tozero"},
            "yaxis": {"automargin": True, "autorange": "reversed", "type": "category"},
            "showlegend": False,
            "margin": {"l": 8, "r": 24, "t": 8, "b": 48},
        },
        height=220,
    )
