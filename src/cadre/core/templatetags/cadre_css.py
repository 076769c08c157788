"""Sizes and shades as class names, never ``style=""`` attributes: the Content-Security-
Policy (``style-src 'self'``) refuses inline styles, so bars, heat-map cells and tree
indents pick one of the classes ``cadre/cadre.css`` defines (``w-0``…``w-100``,
``heat-0``…``heat-10``, ``indent-0``…``indent-10``, ``em-0``…``em-10``)."""

from __future__ import annotations

from typing import Any

from django import template

register = template.Library()


def _clamped(value: Any, top: int) -> int:
    try:
        number = round(float(value))
    except (TypeError, ValueError):
        return 0
    return max(0, min(top, number))


@register.filter
def width_class(percent: Any) -> str:
    """``{{ 37.4|width_class }}`` → ``w-37``: a width in percent of its container, 0–100."""
    return f"w-{_clamped(percent, 100)}"


@register.filter
def ratio_class(part: Any, whole: Any) -> str:
    """``{{ n|ratio_class:total }}`` → the width class of ``n`` as a share of ``total``."""
    try:
        share = 100 * float(part) / float(whole)
    except (TypeError, ValueError, ZeroDivisionError):
        share = 0
    return width_class(share)


@register.filter
def em_class(value: Any) -> str:
    """``{{ 3|em_class }}`` → ``em-3``: a length of that many em, 0–10."""
    return f"em-{_clamped(value, 10)}"


@register.filter
def indent_class(depth: Any) -> str:
    """``{{ depth|indent_class }}`` → ``indent-2``: a tree level's left padding, 0–10."""
    return f"indent-{_clamped(depth, 10)}"


def heat_class(share: float) -> str:
    """A share (0–1) as one of eleven shades from pale to deep red (``heat-0``…``heat-10``)."""
    return f"heat-{_clamped(10 * share, 10)}"
