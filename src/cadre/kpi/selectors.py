"""What other apps read of KPIs (pay reads achievements through here, never the models)."""

from __future__ import annotations

from collections.abc import Iterable

from cadre.kpi.models import Achievement, Period


def period_get(code: str) -> Period | None:
    return Period.objects.filter(code=code).first()


def achievements_for(period: Period, employee_ids: Iterable[int]) -> dict[int, Achievement]:
    """The stored achievement of each of these people in ``period`` (people without one are
    missing from the answer: they have no KPI set for the period)."""
    ids = list(employee_ids)
    out: dict[int, Achievement] = {}
    for start in range(0, len(ids), 5000):
        chunk = ids[start : start + 5000]
        for row in Achievement.objects.filter(period=period, employee_id__in=chunk):
            out[row.employee_id] = row
    return out


def period_before(period: Period) -> Period | None:
    """The period of the same kind that ended last before ``period`` started."""
    return Period.objects.filter(kind=period.kind, end__lt=period.start).order_by("-end").first()
