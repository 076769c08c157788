"""``{% chart c %}`` draws a :class:`cadre.core.charts.Chart` with its table and CSV link;
``{% chart_scripts %}`` loads plotly.js and ``cadre/charts.js`` (once, on pages that draw)."""

from __future__ import annotations

from typing import Any

from django import template
from django.http import QueryDict
from django.templatetags.static import static
from django.utils.html import format_html, format_html_join, json_script

from cadre.core.charts import EXPORT_PREFIX, PLOTLY_STATIC, Chart, injected_style_ids

register = template.Library()


@register.inclusion_tag("core/_chart.html", takes_context=True)
def chart(context: Any, c: Chart | None) -> dict[str, Any]:
    if c is None:
        return {"chart": None}
    request = context.get("request")
    query = request.GET.copy() if request is not None else QueryDict(mutable=True)
    query.pop("export", None)
    query["export"] = EXPORT_PREFIX + c.key
    return {
        "chart": c,
        "cells": c.cells(),
        # A data block (never run: the Content-Security-Policy stays strict).
        "island": json_script(c.figure(), c.dom_id + "-figure"),
        "csv_href": "?" + query.urlencode(),
    }


@register.simple_tag
def chart_scripts() -> str:
    """plotly.js and the file that draws the figures, and plotly.js's style rules as a
    stylesheet: the ``<style>`` elements it would make are refused by the policy, so they
    are there already, marked ``no-inline-styles`` (plotly's own switch) or, for the
    libraries it bundles, by the ids they look for."""
    bundled = format_html_join(
        "", '<template id="{}"></template>', ((i,) for i in injected_style_ids())
    )
    return format_html(
        '<link rel="stylesheet" href="{}" id="plotly.js-style-global" class="no-inline-styles">'
        "{}"
        '<script src="{}" defer></script><script src="{}" defer></script>',
        static("cadre/plotly.css"),
        bundled,
        static(PLOTLY_STATIC),
        static("cadre/charts.js"),
    )
