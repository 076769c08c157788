"""What apps above pay tell it (core/registry.py's pattern for a lower app): which lines of
a run are held from payroll — an appeal under way holds the contested amount until it is
decided (cadre.appeals registers it)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

_HELD: list[Callable[[Any], set[int]]] = []


def held_source(fn: Callable[[Any], set[int]]) -> None:
    """Register ``run → employee ids whose line is held``."""
    if fn not in _HELD:
        _HELD.append(fn)


def held_employees(run: Any) -> set[int]:
    """The people whose line of ``run`` is held from payroll now."""
    held: set[int] = set()
    for fn in _HELD:
        held |= fn(run)
    return held
