"""What other apps read of citizen ratings (pay's rating policy reads the fair scores; KPIs
read the fair ratio as a measure)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from cadre.core.measures import MeasureResult
from cadre.ratings.models import EmployeeScore
from cadre.ratings.scores import WORSE_RATIO


@dataclass(frozen=True)
class Score:
    """An official's fair score as it stands: ``ratio`` is observed over expected negative
    ratings (posterior mean), ``ratio_low``..``ratio_high`` its 90 % interval, ``p_worse``
    the posterior probability that the ratio exceeds ``WORSE_RATIO``."""

    employee_id: int
    ratings: int
    negatives: int
    expected: float
    ratio: float
    ratio_low: float
    ratio_high: float
    p_worse: float
    reliably_worse: bool


def employee_scores() -> Iterator[Score]:
    """Every official's current fair score, by employee id, read in batches."""
    fields = (
        "employee_id",
        "ratings",
        "negatives",
        "expected",
        "ratio",
        "ratio_low",
        "ratio_high",
        "p_worse",
        "reliably_worse",
    )
    rows = EmployeeScore.objects.order_by("employee_id").values_list(*fields)
    for row in rows.iterator(chunk_size=5000):
        yield Score(*row)


def worse_ratio() -> float:
    """The ratio above which an official counts as worse than expected (1.2)."""
    return WORSE_RATIO


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
