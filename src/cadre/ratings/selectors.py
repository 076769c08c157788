"""What other apps read of ratings (KPIs read the fair ratio through here)."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from cadre.core.measures import MeasureResult
from cadre.ratings.models import EmployeeScore


def fair_ratio(*, organisation: Any, employee: Any, start: Any, end: Any) -> MeasureResult:
    """KPI measure: the fair ratio of the citizen rating (posterior mean of observed over
    expected negative ratings; 1 is as expected, lower is better) of the person, or of the
    people of the organisation's subtree (their ratios weighted by their expected
    negatives). The current score (scores are recomputed continuously; a period's value is
    frozen when its achievements are computed). The rows are the employees' scores."""
    from cadre.people.models import Employee
    from cadre.people.selectors import employees_in

    if employee is not None:
        scores = list(EmployeeScore.objects.filter(employee=employee))
    else:
        people = employees_in(Employee.objects.all(), organisation).values("pk")
        scores = list(EmployeeScore.objects.filter(employee__in=people))
    weight = sum(s.expected for s in scores)
    if not scores or weight <= 0:
        return MeasureResult(None, "ratings.employeescore")
    ratio = sum(s.ratio * s.expected for s in scores) / weight
    value = Decimal(str(ratio)).quantize(Decimal("0.0001"), ROUND_HALF_UP)
    return MeasureResult(value, "ratings.employeescore", tuple(s.employee_id for s in scores))


def fair_ratio_many(*, employee_ids: list[int], start: Any, end: Any) -> dict[int, MeasureResult]:
    """``fair_ratio`` of each of these people, in one query (people without a score have
    no value)."""
    out = {pk: MeasureResult(None, "ratings.employeescore") for pk in employee_ids}
    for score in EmployeeScore.objects.filter(employee_id__in=employee_ids):
        value = Decimal(str(score.ratio)).quantize(Decimal("0.0001"), ROUND_HALF_UP)
        out[score.employee_id] = MeasureResult(value, "ratings.employeescore", (score.employee_id,))
    return out
