"""Measures: figures computed from Cadre's own data that a KPI can take its actual from.

Each app contributes its measures from its own ``app.py``::

    measure("learning.certificates", _("Certificates earned"), "count", certificates_earned)

``fn(organisation=…, employee=…, start=…, end=…)`` computes the value for an organisation's
subtree (``employee`` is ``None``) or for one person (``organisation`` is ``None``) over the
dates ``start``–``end`` (both included), reading the records as they stood at ``end`` (or
today while the period runs: ``as_of``), not as they are today, and returns a
``MeasureResult``: the value (``None`` when there is nothing to measure, e.g. a unit without
IT staff) and the ids of the rows it came from, so that every actual opens down to them.
Core names no app.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any


@dataclass(frozen=True)
class MeasureResult:
    value: Decimal | None
    # The model label of the rows (``"learning.certificate"``) and their ids.
    model: str
    ids: tuple[int, ...] = field(default_factory=tuple)


MeasureFn = Callable[..., MeasureResult]
# ``many(employee_ids=[…], start=…, end=…) → {employee id: MeasureResult}``: the same
# measure for many people at once (a few queries instead of one a person).
ManyFn = Callable[..., dict[int, MeasureResult]]


@dataclass(frozen=True)
class Measure:
    code: str
    name: Any
    unit: str
    fn: MeasureFn
    # Whether the measure is defined for one person (else only for an organisation).
    for_people: bool = True
    many: ManyFn | None = None

    def compute_many(
        self, *, employees: list[Any], start: dt.date, end: dt.date
    ) -> dict[int, MeasureResult]:
        """The measure of each of these people (``Employee`` rows), in bulk when the
        measure can."""
        if self.many is not None:
            out: dict[int, MeasureResult] = {}
            ids = [e.pk for e in employees]
            for first in range(0, len(ids), 5000):
                out.update(self.many(employee_ids=ids[first : first + 5000], start=start, end=end))
            return out
        return {e.pk: self.compute(employee=e, start=start, end=end) for e in employees}

    def compute(
        self, *, organisation: Any = None, employee: Any = None, start: dt.date, end: dt.date
    ) -> MeasureResult:
        return self.fn(organisation=organisation, employee=employee, start=start, end=end)


MEASURES: dict[str, Measure] = {}


def as_of(end: dt.date) -> dt.date:
    """The day whose state a measure reads: the period's end, or today while it runs (an
    assignment planned to end before the period's end has not ended yet)."""
    from django.utils import timezone

    return min(end, timezone.localdate())


def measure(
    code: str,
    name: Any,
    unit: str,
    fn: MeasureFn,
    *,
    for_people: bool = True,
    many: ManyFn | None = None,
) -> Measure:
    """Register a measure (an app's ``app.py`` calls it once per measure)."""
    entry = Measure(code=code, name=name, unit=unit, fn=fn, for_people=for_people, many=many)
    MEASURES[code] = entry
    return entry


def measure_get(code: str) -> Measure | None:
    return MEASURES.get(code)


def measure_choices() -> list[tuple[str, str]]:
    return [
        (m.code, f"{m.code} — {m.name}") for m in sorted(MEASURES.values(), key=lambda m: m.code)
    ]
