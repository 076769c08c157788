"""What apps above pay tell it (core/registry.py's pattern for a lower app): which lines of
a run are held from payroll — an appeal under way holds the contested amount until it is
decided (cadre.appeals registers it) —, what share of a person's bonus a rating pay
policy withholds (cadre.ratingpay), and who is not eligible for a fund's bonus at all
(cadre.appraisals: not assessed effective where the body requires it)."""

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


# ``fund → {employee id: (share of the bonus withheld, why)}``: rating pay policies
# (cadre.ratingpay) lower the variable pay of officials whose consequence applies.
_REDUCTIONS: list[Callable[[Any], dict[int, tuple[Any, str]]]] = []


def reduction_source(fn: Callable[[Any], dict[int, tuple[Any, str]]]) -> None:
    if fn not in _REDUCTIONS:
        _REDUCTIONS.append(fn)


def reductions(fund: Any) -> dict[int, tuple[Any, str]]:
    """The share of each person's bonus from ``fund`` withheld, and why (the largest share
    when two sources name the same person)."""
    out: dict[int, tuple[Any, str]] = {}
    for fn in _REDUCTIONS:
        for eid, (share, why) in fn(fund).items():
            if eid not in out or share > out[eid][0]:
                out[eid] = (share, why)
    return out


# ``(user, line) → [(label, url)]``: actions other apps offer on a line's explanation page
# (cadre.appeals: "Appeal against this line" for the person, while the window is open).
_LINE_LINKS: list[Callable[[Any, Any], list[tuple[str, str]]]] = []


def line_links_source(fn: Callable[[Any, Any], list[tuple[str, str]]]) -> None:
    if fn not in _LINE_LINKS:
        _LINE_LINKS.append(fn)


def line_links(user: Any, line: Any) -> list[tuple[str, str]]:
    return [link for fn in _LINE_LINKS for link in fn(user, line)]


# ``(fund, employee ids) → {employee id: why not eligible}``: people counted in a fund who
# may not be paid from it (cadre.appraisals: not assessed effective where the body requires
# it). The engine gives them nothing (reason 4, ``NOT_ELIGIBLE``); the line keeps why.
_ELIGIBILITY: list[Callable[[Any, list[int]], dict[int, str]]] = []


def eligibility_source(fn: Callable[[Any, list[int]], dict[int, str]]) -> None:
    if fn not in _ELIGIBILITY:
        _ELIGIBILITY.append(fn)


def ineligible(fund: Any, employee_ids: list[int]) -> dict[int, str]:
    """Who of ``employee_ids`` may not be paid from ``fund``, and why (every source's
    reason, joined, when several name the same person)."""
    out: dict[int, str] = {}
    for fn in _ELIGIBILITY:
        for eid, why in fn(fund, employee_ids).items():
            out[eid] = f"{out[eid]}; {why}" if eid in out else str(why)
    return out
