"""What other apps read of citizen ratings (pay's rating policy reads the fair scores)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

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
