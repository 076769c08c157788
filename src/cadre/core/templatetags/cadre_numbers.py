"""``{{ n|num }}``, ``{{ x|num:2 }}`` and ``{{ share|pct }}``: numbers as the user's language
writes them (``core/numbers.py``)."""

from __future__ import annotations

from typing import Any

from django import template

from cadre.core import numbers

register = template.Library()


@register.filter
def num(value: Any, places: Any = None) -> str:
    if value is None or value == "":
        return "—"
    try:
        return numbers.grouped(value, None if places in (None, "") else int(places))
    except (TypeError, ValueError):
        return str(value)


@register.filter
def pct(share: Any, places: Any = 1) -> str:
    try:
        return numbers.percent(share, int(places))
    except (TypeError, ValueError, ArithmeticError):
        return "—"
