"""Reading a chart off a page in tests: its plotly.js spec (the JSON data block) and the
table of its data as a reader sees it (``core/charts.py``)."""

from __future__ import annotations

import csv
import io
import json
import re
from html import unescape
from typing import Any


def chart_figure(page: str, key: str) -> dict[str, Any]:
    """The figure spec of the chart ``key`` on ``page``."""
    match = re.search(
        rf'<script id="chart-{re.escape(key)}-figure" type="application/json">(.*?)</script>',
        page,
        re.S,
    )
    assert match, f"no chart {key!r} on the page"
    return dict(json.loads(match.group(1)))


def chart_table(page: str, key: str) -> list[list[str]]:
    """The chart's table: its header row, then its rows, cells as text."""
    start = page.index(f'<figure class="chart" id="chart-{key}"')
    figure = page[start : page.index("</figure>", start)]
    rows = []
    for row in re.findall(r"<tr>(.*?)</tr>", figure, re.S):
        cells = re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)
        rows.append([unescape(re.sub(r"<[^>]+>", "", c)).strip() for c in cells])
    return rows


def csv_rows(content: bytes) -> list[list[str]]:
    """A CSV answer's rows (the byte-order mark dropped)."""
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
