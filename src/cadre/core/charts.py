"""Charts from data (issue 18, item 3; decision 0029).

An app builds a :class:`Chart` on the server: the table of numbers behind it (``columns``
and ``rows``, raw values) and a plotly.js figure spec (``traces`` and ``layout``, plain
dicts). ``{% chart c %}`` (``core/templatetags/cadre_charts.py``) renders

* a ``<figure>`` whose spec is a JSON data block (``<script type="application/json">``: a
  data block is never run, so the Content-Security-Policy is untouched),
* the table of the data in a ``<details>`` that stays open while there is no script — the
  chart's readable fallback — and a link to the same data as CSV (``?export=chart-<key>``,
  answered by :func:`export` before the page is rendered),

and ``{% chart_scripts %}`` loads plotly.js (the offline bundle the ``plotly`` Python
package ships, served by whitenoise through :class:`PlotlyFinder`: no CDN, no Node build)
and ``cadre/charts.js``, which draws every figure and folds its table away.

Only SVG trace types are used (bar, scatter, heatmap): plotly.js draws them without
``eval``; its WebGL types (``scattergl``, ``heatmapgl``…) compile shaders with ``Function``
and would need ``'unsafe-eval'``. Numbers: the table and the tooltips are formatted here in
the user's language (``core/numbers.py``); the axes get the language's decimal and
thousands marks through ``layout.separators``.
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.contrib.staticfiles.finders import BaseFinder
from django.core.files.storage import FileSystemStorage
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.formats import date_format, get_format
from django.utils.text import capfirst, slugify

from cadre.core import numbers
from cadre.core.exports import neutralise

# Where ``{% static %}`` finds plotly.js: the file of the installed ``plotly`` package.
PLOTLY_STATIC = "vendor/plotly/plotly.min.js"

# The palette (cadre.css's accent, warning and danger first), colour-blind safe in order.
COLOURS = ["#0b5cad", "#f2a900", "#b3261e", "#2e7d32", "#6a3d9a", "#5f6b7a"]


@dataclass(frozen=True)
class Col:
    """A column of a chart's table: ``kind`` says how its cells are written for a reader —
    ``text``, ``int`` (thousands grouped), ``num`` (``places`` decimals), ``pct`` (a share
    0–1 as a percentage) or ``month`` (a date, as "December 2026"). The CSV gets the raw
    value (a month as ``2026-12``)."""

    key: str
    label: Any
    kind: str = "text"
    places: int = 2

    def show(self, value: Any) -> str:
        if value is None or value == "":
            return "—"
        if self.kind == "int":
            return numbers.grouped(value, 0)
        if self.kind == "num":
            return numbers.grouped(value, self.places)
        if self.kind == "pct":
            return numbers.percent(value, self.places)
        if self.kind == "month":
            return month_label(value)
        return str(value)


@dataclass
class Chart:
    """A chart and the data behind it. ``key`` names it on its page (ids, the CSV link);
    ``rows`` hold raw values in the order of ``columns``."""

    key: str
    title: Any
    columns: Sequence[Col]
    rows: list[list[Any]]
    traces: list[dict[str, Any]]
    layout: dict[str, Any] = field(default_factory=dict)
    note: Any = ""
    height: int = 360
    # The table open while there is no script (the chart's fallback); closed where the
    # page shows the same numbers in a table of its own.
    table_open: bool = True
    # plotly.js's tool bar (zoom, pan, download as PNG): off on the public pages' phones.
    modebar: bool = True

    @property
    def dom_id(self) -> str:
        return f"chart-{slugify(self.key)}"

    def cells(self) -> list[list[str]]:
        """The table as the reader sees it: numbers in the user's language."""
        return [[c.show(v) for c, v in zip(self.columns, row, strict=True)] for row in self.rows]

    def figure(self) -> dict[str, Any]:
        """The plotly.js spec: the traces and the layout over the site's defaults."""
        decimal = str(get_format("DECIMAL_SEPARATOR"))
        thousands = str(get_format("THOUSAND_SEPARATOR")) or "\u202f"
        layout: dict[str, Any] = {
            "height": self.height,
            "margin": {"l": 64, "r": 24, "t": 16, "b": 56},
            "separators": decimal + thousands,
            "font": {"family": "system-ui, sans-serif", "size": 13, "color": "#1b1f24"},
            "paper_bgcolor": "rgba(0,0,0,0)",
            "plot_bgcolor": "rgba(0,0,0,0)",
            "colorway": COLOURS,
            "hoverlabel": {"align": "left"},
            "legend": {"orientation": "h", "y": -0.2},
        }
        layout.update(self.layout)
        return {
            "data": self.traces,
            "layout": layout,
            "config": {
                "displaylogo": False,
                "displayModeBar": "hover" if self.modebar else False,
                "responsive": True,
                "modeBarButtonsToRemove": ["select2d", "lasso2d", "sendDataToCloud"],
            },
        }

    def csv(self) -> HttpResponse:
        """The rows behind the chart as CSV: translated headers, raw numbers (a dot for the
        decimal mark, no grouping) so that any spreadsheet reads them."""
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow([capfirst(str(c.label)) for c in self.columns])
        for row in self.rows:
            writer.writerow([neutralise(_raw(v)) for v in row])
        response = HttpResponse("\ufeff" + out.getvalue(), content_type="text/csv; charset=utf-8")
        stem = f"{slugify(self.key)}-{timezone.now():%Y%m%d-%H%M}"
        response["Content-Disposition"] = f'attachment; filename="{stem}.csv"'
        return response


def month_label(value: dt.date) -> str:
    """A month as the user's language names it ("декабрь 2026 г.", "December 2026")."""
    return str(date_format(value, "YEAR_MONTH_FORMAT"))


def _raw(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return f"{value:%Y-%m}"
    if isinstance(value, float):
        return repr(round(value, 6))
    return str(value)


EXPORT_PREFIX = "chart-"


def export(request: HttpRequest, charts: Iterable[Chart | None]) -> HttpResponse | None:
    """The CSV of the chart ``?export=chart-<key>`` names, if it is one of ``charts``."""
    wanted = request.GET.get("export", "")
    if not wanted.startswith(EXPORT_PREFIX):
        return None
    for chart in charts:
        if chart is not None and chart.key == wanted[len(EXPORT_PREFIX) :]:
            return chart.csv()
    return None


def hover(*lines: str) -> str:
    """A tooltip of already formatted lines (``<br>`` between them, plotly's own)."""
    return "<br>".join(lines)


def plotly_bundle() -> Path:
    """The plotly.js file the installed ``plotly`` package ships."""
    import plotly

    return Path(plotly.__file__).parent / "package_data" / "plotly.min.js"


_JS_STRING = r"""("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')"""


def plotly_css(bundle: str) -> str:
    """The style rules plotly.js would put in a ``<style>`` element it makes (which the
    Content-Security-Policy refuses), read from the bundle: ``cadre/plotly.css`` holds them
    as a file, marked so that plotly.js leaves it be (``no-inline-styles``). A test checks
    the file against the installed bundle; after an upgrade, rewrite it with
    ``python -c "from cadre.core.charts import write_plotly_css; write_plotly_css()"``."""
    start = bundle.index('={"X,X div":') + 1
    rules = []
    for match in re.finditer(_JS_STRING + ":" + _JS_STRING + "(,|})", bundle[start:]):
        selector, body = (
            m[1:-1].replace("\\'", "'").replace('\\"', '"') for m in match.groups()[:2]
        )
        selector = selector.replace("X", ".js-plotly-plot .plotly").replace("Y", ".plotly-notifier")
        rules.append(f"{selector.lstrip(',')} {{{body}}}")
        if match.group(3) == "}":
            break
    return "/* plotly.js's own rules, read from its bundle (core/charts.py: plotly_css). */\n" + (
        "\n".join(rules) + "\n"
    )


PLOTLY_CSS = Path(__file__).parent / "static" / "cadre" / "plotly.css"


def write_plotly_css() -> None:
    PLOTLY_CSS.write_text(plotly_css(plotly_bundle().read_text(encoding="utf-8")), "utf-8")


@functools.cache
def injected_style_ids() -> tuple[str, ...]:
    """The ids of the ``<style>`` elements plotly.js's bundled libraries add when loaded
    unless an element of that id is already there (maplibre's, for maps we never draw)."""
    text = plotly_bundle().read_text(encoding="utf-8")
    return tuple(sorted(set(re.findall(r'getElementById\("([0-9a-f]{64})"\)', text))))


class PlotlyFinder(BaseFinder):
    """Serves exactly one file of the ``plotly`` package, its offline plotly.js bundle, as
    ``vendor/plotly/plotly.min.js`` (to whitenoise and ``collectstatic``)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        import plotly

        self.root = Path(plotly.__file__).parent / "package_data"
        self.storage = FileSystemStorage(location=str(self.root))
        self.storage.prefix = "vendor/plotly"  # type: ignore[attr-defined]

    def check(self, **kwargs: Any) -> list[Any]:
        return []

    def find(self, path: str, find_all: bool = False, **kwargs: Any) -> Any:
        if path != PLOTLY_STATIC:
            return [] if find_all else None
        found = str(self.root / "plotly.min.js")
        return [found] if find_all else found

    def list(self, ignore_patterns: Any) -> Iterable[tuple[str, Any]]:
        yield "plotly.min.js", self.storage
