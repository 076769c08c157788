"""The bonus-fund allocation engine: pure, over arrays, no database (``docs/pay.md``,
decision 0017).

Per person ``i`` (eligible, with an achievement and a salary)::

    factor_i    = min(achievement_i, max_factor)
    proration_i = min(months_i, period_months) / period_months
    target_i    = salary_i × target_share × factor_i × proration_i
    cap_i       = cap_salaries × salary_i                      (whole minor units)
    raw_i       = min(cap_i, λ × target_i)

with one adjustment factor ``λ`` found by water-filling: ``λ = (F − Σ caps of the capped) /
Σ targets of the rest``, fixing everyone whose ``λ × target`` exceeds their cap and
recomputing, until no one does. If every cap together is below the fund, everyone gets
their cap and the rest of the fund is *unallocated*. The raw amounts are then rounded to the
rounding unit by largest remainder: each person first gets ``floor(raw)``; the units left over
go one each to the largest fractional parts (ties: the smaller employee id first), never to a
capped person. The amounts are whole minor units, none exceeds its cap and ``Σ amounts +
unallocated == fund`` exactly, in integers.

The proportional shares (``λ × target``) are computed in binary floating point (a relative
error near 1e-15); they only decide who gets which unit, the sums are exact integers. Inputs
are sorted by employee id first, so the answer does not depend on their order.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

import numpy as np
import numpy.typing as npt

# Why a person is not paid (the explanation shows it; 0 = eligible).
ELIGIBLE = 0
NO_ACHIEVEMENT = 1
BELOW_ACHIEVEMENT = 2
BELOW_MONTHS = 3
NOT_ELIGIBLE = 4
NO_SALARY = 5

Ints = npt.NDArray[np.int64]
Floats = npt.NDArray[np.float64]
Bools = npt.NDArray[np.bool_]


@dataclass(frozen=True)
class Parameters:
    """A rule version's parameters."""

    min_achievement: Decimal = Decimal("0.5")  # fraction, 1 = 100 %
    min_months: Decimal = Decimal(3)
    period_months: Decimal = Decimal(12)
    target_share: Decimal = Decimal("1")  # of the base monthly salary, at 100 % achievement
    max_factor: Decimal = Decimal("1.5")  # achievement factor ceiling
    cap_salaries: Decimal = Decimal(2)  # at most this many monthly salaries each
    rounding_unit: int = 1  # in minor units: 1 = to the tiyn, 100 = to the whole tenge


@dataclass(frozen=True)
class Inputs:
    """One row per person, any order (the engine sorts by ``employee_id``)."""

    employee_id: Ints
    salary: Ints  # base monthly salary, minor units (0 = none known)
    achievement: Floats  # total achievement fraction; NaN = none for the period
    months: Floats  # months in post in the period
    eligible: Bools  # e.g. assessed effective where the body requires it


@dataclass(frozen=True)
class Allocation:
    """The answer, one row per person sorted by employee id, plus the totals."""

    employee_id: Ints
    reason: npt.NDArray[np.int8]
    factor: Floats
    proration: Floats
    target: Floats  # minor units, before the cap and the adjustment
    cap: Ints  # minor units
    capped: Bools
    raw: Floats  # min(cap, λ × target), before rounding
    rounding: Ints  # amount − floor(raw): 0 or one unit (rarely −1 unit on float drift)
    amount: Ints  # minor units
    adjustment: float  # λ
    fund: int
    allocated: int
    unallocated: int
    iterations: int


def allocate(inputs: Inputs, params: Parameters, fund: int) -> Allocation:
    """Share ``fund`` (minor units, > 0) among ``inputs`` under ``params``."""
    if fund <= 0:
        raise ValueError("fund must be positive")
    unit = int(params.rounding_unit)
    if unit < 1:
        raise ValueError("rounding unit must be at least 1")
    order = np.argsort(inputs.employee_id, kind="stable")
    ids = np.asarray(inputs.employee_id, dtype=np.int64)[order]
    salary = np.asarray(inputs.salary, dtype=np.int64)[order]
    achievement = np.asarray(inputs.achievement, dtype=np.float64)[order]
    months = np.asarray(inputs.months, dtype=np.float64)[order]
    eligible = np.asarray(inputs.eligible, dtype=np.bool_)[order]
    n = ids.shape[0]
    if n and np.any(ids[1:] == ids[:-1]):
        raise ValueError("an employee appears twice")

    reason = np.zeros(n, dtype=np.int8)
    reason[~eligible] = NOT_ELIGIBLE
    reason[(reason == 0) & (months < float(params.min_months))] = BELOW_MONTHS
    missing = np.isnan(achievement)
    ach = np.where(missing, 0.0, achievement)
    reason[(reason == 0) & ~missing & (ach < float(params.min_achievement))] = BELOW_ACHIEVEMENT
    reason[(reason == 0) & missing] = NO_ACHIEVEMENT
    reason[(reason == 0) & (salary <= 0)] = NO_SALARY
    paid = reason == 0

    factor = np.minimum(ach, float(params.max_factor))
    period = float(params.period_months)
    proration = np.clip(months, 0.0, period) / period
    target = salary * (float(params.target_share) * factor * proration)
    target = np.where(paid, target, 0.0)
    paid &= target > 0
    # The cap in whole rounding units (a capped person gets exactly their cap).
    cap = _cap(salary, params.cap_salaries, unit)
    cap = np.where(paid, cap, 0)

    fund_units = fund // unit
    cap_units = cap // unit
    total_caps = int(cap_units.sum())

    capped = np.zeros(n, dtype=np.bool_)
    iterations = 0
    raw_units = np.zeros(n, dtype=np.float64)
    target_units = target / unit
    if total_caps <= fund_units:
        # Everyone reaches their cap; what is left of the fund no one can receive.
        capped = paid.copy()
        raw_units = cap_units.astype(np.float64)
        # The smallest factor at which everyone is capped (0 when no one is paid).
        adjustment = float((cap_units[paid] / target_units[paid]).max()) if paid.any() else 0.0
        amount_units = cap_units.copy()
        allocated_units = total_caps
    else:
        free = paid.copy()
        fixed_total = 0
        while True:
            iterations += 1
            weight = float(target_units[free].sum())
            adjustment = (fund_units - fixed_total) / weight
            over = free & (adjustment * target_units > cap_units)
            if not over.any():
                break
            capped |= over
            free &= ~over
            fixed_total += int(cap_units[over].sum())
        raw_units = np.where(capped, cap_units, adjustment * target_units)
        raw_units = np.where(paid, raw_units, 0.0)
        amount_units = np.floor(raw_units).astype(np.int64)
        amount_units = np.minimum(amount_units, cap_units)
        allocated_units = fund_units
        _largest_remainder(amount_units, raw_units, cap_units, paid & ~capped, fund_units)

    amount = amount_units * unit
    floor_raw = np.floor(raw_units).astype(np.int64) * unit
    allocated = allocated_units * unit
    return Allocation(
        employee_id=ids,
        reason=reason,
        factor=np.where(missing, 0.0, factor),
        proration=proration,
        target=target,
        cap=cap,
        capped=capped,
        raw=raw_units * unit,
        rounding=amount - floor_raw,
        amount=amount,
        adjustment=adjustment,
        fund=fund,
        allocated=int(allocated),
        unallocated=int(fund - allocated),
        iterations=iterations,
    )


def _cap(salary: Ints, cap_salaries: Decimal, unit: int) -> Ints:
    """``floor(cap_salaries × salary)`` to the rounding unit, exactly (the multiplier as a
    fraction ``p / q`` of integers)."""
    num, den = Decimal(cap_salaries).as_integer_ratio()
    if num * int(salary.max(initial=0)) < 2**62:
        cap = (salary * num) // den
    else:  # pragma: no cover - beyond any salary
        cap = np.asarray([int(s) * num // den for s in salary], dtype=np.int64)
    return (cap // unit) * unit


def _largest_remainder(amount: Ints, raw: Floats, cap: Ints, open_: Bools, total: int) -> None:
    """Make ``amount`` sum to ``total`` by one unit per person, in place: the largest
    fractional parts first (ties: the smaller employee id, the arrays being sorted by it),
    never above a cap; on float drift the other way, the smallest fractional parts give one
    back."""
    left = total - int(amount.sum())
    if left == 0:
        return
    frac = raw - np.floor(raw)
    index = np.arange(amount.shape[0])
    while left > 0:
        room = np.flatnonzero(open_ & (amount < cap))
        if room.size == 0:  # pragma: no cover - the caps together exceed the fund
            raise AssertionError("no room for the remainder")
        # lexsort: last key is primary → fraction descending, then index (employee id).
        pick = room[np.lexsort((index[room], -frac[room]))][:left]
        amount[pick] += 1
        left -= pick.size
    while left < 0:
        room = np.flatnonzero(open_ & (amount > 0))
        pick = room[np.lexsort((index[room], frac[room]))][:-left]
        amount[pick] -= 1
        left += pick.size
