"""The allocation engine alone: the worked example of docs/pay.md to the tiyn, an exact
rational reference, and properties over random inputs (exact sum, caps, monotonicity)."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cadre.pay.allocation import (
    BELOW_ACHIEVEMENT,
    BELOW_MONTHS,
    ELIGIBLE,
    NO_ACHIEVEMENT,
    NO_SALARY,
    NOT_ELIGIBLE,
    Inputs,
    Parameters,
    allocate,
)


def inputs(rows: Sequence[tuple[int, int, float, float, bool]]) -> Inputs:
    return Inputs(
        employee_id=np.array([r[0] for r in rows], dtype=np.int64),
        salary=np.array([r[1] for r in rows], dtype=np.int64),
        achievement=np.array([r[2] for r in rows], dtype=np.float64),
        months=np.array([r[3] for r in rows], dtype=np.float64),
        eligible=np.array([r[4] for r in rows], dtype=np.bool_),
    )


WORKED: list[tuple[int, int, float, float, bool]] = [
    (1, 30_000_000, 1.2, 12, True),  # 300,000.00 KZT a month, 120 %, the whole year
    (2, 15_000_000, 1.0, 6, True),  # half the year in post
    (3, 20_000_000, 0.4, 12, True),  # below the minimum achievement
    (4, 10_000_000, 1.5, 12, True),  # reaches the cap
    (5, 12_000_000, 0.9, 2, True),  # two months only: below the minimum
    (6, 12_345_679, 0.75, 12, True),
]


def test_worked_example_of_the_documentation() -> None:
    result = allocate(inputs(WORKED), Parameters(cap_salaries=Decimal("1.5")), 70_000_000)
    assert result.amount.tolist() == [37_528_957, 7_818_533, 0, 15_000_000, 0, 9_652_510]
    assert result.reason.tolist() == [
        ELIGIBLE,
        ELIGIBLE,
        BELOW_ACHIEVEMENT,
        ELIGIBLE,
        BELOW_MONTHS,
        ELIGIBLE,
    ]
    assert result.target.tolist() == [36_000_000, 7_500_000, 0, 15_000_000, 0, 9_259_259.25]
    assert result.cap.tolist() == [45_000_000, 22_500_000, 0, 15_000_000, 0, 18_518_518]
    assert result.capped.tolist() == [False, False, False, True, False, False]
    assert result.rounding.tolist() == [0, 1, 0, 0, 0, 1]
    # λ = (70,000,000 − 15,000,000) / (36,000,000 + 7,500,000 + 9,259,259.25)
    assert result.adjustment == pytest.approx(55_000_000 / 52_759_259.25, rel=1e-15)
    assert result.iterations == 2
    assert (result.allocated, result.unallocated) == (70_000_000, 0)
    assert int(result.amount.sum()) == 70_000_000


def test_the_answer_does_not_depend_on_the_order_of_the_rows() -> None:
    params = Parameters(cap_salaries=Decimal("1.5"))
    forward = allocate(inputs(WORKED), params, 70_000_000)
    backward = allocate(inputs(list(reversed(WORKED))), params, 70_000_000)
    assert backward.employee_id.tolist() == [1, 2, 3, 4, 5, 6]
    assert backward.amount.tolist() == forward.amount.tolist()


def test_when_everyone_is_capped_the_rest_is_unallocated() -> None:
    rows = [(1, 10_000_000, 1.0, 12, True), (2, 5_000_000, 1.0, 12, True)]
    result = allocate(inputs(rows), Parameters(cap_salaries=Decimal(2)), 100_000_000)
    assert result.amount.tolist() == [20_000_000, 10_000_000]
    assert result.capped.tolist() == [True, True]
    assert (result.allocated, result.unallocated) == (30_000_000, 70_000_000)


def test_no_one_eligible_leaves_the_whole_fund_unallocated() -> None:
    rows = [
        (1, 10_000_000, float("nan"), 12, True),
        (2, 0, 1.0, 12, True),
        (3, 10_000_000, 1.0, 12, False),
    ]
    result = allocate(inputs(rows), Parameters(), 1_000)
    assert result.reason.tolist() == [NO_ACHIEVEMENT, NO_SALARY, NOT_ELIGIBLE]
    assert result.amount.tolist() == [0, 0, 0]
    assert (result.allocated, result.unallocated) == (0, 1_000)


def test_equal_remainders_go_to_the_smaller_employee_id() -> None:
    # Three equal people share 100 tiyn: 33.33 each, one tiyn left for the smallest id.
    rows = [(9, 1_000, 1.0, 12, True), (4, 1_000, 1.0, 12, True), (7, 1_000, 1.0, 12, True)]
    result = allocate(inputs(rows), Parameters(), 100)
    assert result.employee_id.tolist() == [4, 7, 9]
    assert result.amount.tolist() == [34, 33, 33]


def test_rounding_to_whole_tenge_keeps_the_odd_tiyn_unallocated() -> None:
    rows = [(1, 1_000_000, 1.0, 12, True), (2, 2_000_000, 1.0, 12, True)]
    result = allocate(inputs(rows), Parameters(rounding_unit=100), 100_050)
    assert result.amount.tolist() == [33_300, 66_700]  # 333.33 and 666.67 tenge
    assert all(a % 100 == 0 for a in result.amount.tolist())
    assert (result.allocated, result.unallocated) == (100_000, 50)


def test_a_fund_that_is_not_positive_is_refused() -> None:
    with pytest.raises(ValueError, match="fund must be positive"):
        allocate(inputs(WORKED), Parameters(), 0)


def reference(
    rows: list[tuple[int, int, float, float, bool]], p: Parameters, fund: int
) -> dict[int, Fraction]:
    """Water-filling in exact rationals (slow, obviously right): each person's raw share."""
    target: dict[int, Fraction] = {}
    cap: dict[int, Fraction] = {}
    for eid, salary, ach, months, ok in rows:
        if (
            not ok
            or months < float(p.min_months)
            or ach != ach
            or ach < float(p.min_achievement)
            or salary <= 0
        ):
            continue
        factor = min(Fraction(ach), Fraction(p.max_factor))
        proration = min(Fraction(months), Fraction(p.period_months)) / Fraction(p.period_months)
        t = salary * Fraction(p.target_share) * factor * proration
        if t > 0:
            target[eid] = t
            cap[eid] = Fraction(int(Fraction(p.cap_salaries) * salary))
    if sum(cap.values()) <= fund:
        return cap
    fixed: set[int] = set()
    while True:
        rest = fund - sum(cap[i] for i in fixed)
        lam = rest / sum(t for i, t in target.items() if i not in fixed)
        over = {i for i, t in target.items() if i not in fixed and lam * t > cap[i]}
        if not over:
            return {i: (cap[i] if i in fixed else Fraction(lam * t)) for i, t in target.items()}
        fixed |= over


people = st.lists(
    st.tuples(
        st.integers(0, 5_000_000),
        st.floats(0, 2, allow_nan=False).map(lambda x: round(x, 4)),
        st.sampled_from([0, 1, 2.5, 3, 6, 11, 12, 14]),
        st.booleans(),
    ),
    min_size=1,
    max_size=40,
)
parameters = st.builds(
    Parameters,
    min_achievement=st.sampled_from([Decimal(0), Decimal("0.5"), Decimal("0.8")]),
    min_months=st.sampled_from([Decimal(0), Decimal(3)]),
    target_share=st.sampled_from([Decimal("0.5"), Decimal(1), Decimal("2.25")]),
    max_factor=st.sampled_from([Decimal(1), Decimal("1.5")]),
    cap_salaries=st.sampled_from([Decimal("0.5"), Decimal(1), Decimal("2.5"), Decimal(6)]),
)


def rows_of(
    data: list[tuple[int, float, float, bool]],
) -> list[tuple[int, int, float, float, bool]]:
    return [(i + 1, s, a, m, ok) for i, (s, a, m, ok) in enumerate(data)]


@settings(max_examples=300, deadline=None)
@given(people, parameters, st.integers(1, 10**11))
def test_the_sum_is_exact_and_no_one_exceeds_their_cap(
    data: list[tuple[int, float, float, bool]], p: Parameters, fund: int
) -> None:
    rows = rows_of(data)
    result = allocate(inputs(rows), p, fund)
    amounts = result.amount.tolist()
    assert sum(amounts) + result.unallocated == fund
    assert result.unallocated >= 0
    assert all(0 <= a <= c for a, c in zip(amounts, result.cap.tolist(), strict=True))
    exact = reference(rows, p, fund)
    if result.unallocated:
        # Only when everyone is at their cap.
        assert all(amounts[i - 1] == exact[i] for i in exact)
        assert result.unallocated == fund - sum(exact.values())
    for eid, amount in zip(result.employee_id.tolist(), amounts, strict=True):
        share: Fraction = exact.get(eid, Fraction(0))
        # Largest remainder: each amount is its exact share rounded down or up.
        assert abs(amount - share) < 1 + Fraction(1, 10**6) * max(share, Fraction(1))


@settings(max_examples=200, deadline=None)
@given(people, parameters, st.integers(1, 10**10), st.integers(1, 10**9))
def test_a_larger_fund_lowers_no_one(
    data: list[tuple[int, float, float, bool]], p: Parameters, fund: int, more: int
) -> None:
    rows = rows_of(data)
    small = allocate(inputs(rows), p, fund)
    large = allocate(inputs(rows), p, fund + more)
    # Before rounding no raw share falls; after it, by at most the one unit of rounding.
    assert all(b >= a * (1 - 1e-9) for a, b in zip(small.raw, large.raw, strict=True))
    assert all(b >= a - 1 for a, b in zip(small.amount, large.amount, strict=True))


@settings(max_examples=200, deadline=None)
@given(people, parameters, st.integers(1, 10**10), st.data())
def test_a_higher_achievement_lowers_no_one_s_own_award(
    data: list[tuple[int, float, float, bool]], p: Parameters, fund: int, draw: st.DataObject
) -> None:
    rows = rows_of(data)
    who = draw.draw(st.integers(0, len(rows) - 1))
    eid, salary, ach, months, ok = rows[who]
    better = list(rows)
    better[who] = (eid, salary, round(ach + draw.draw(st.floats(0, 1)), 4), months, ok)
    before = allocate(inputs(rows), p, fund)
    after = allocate(inputs(better), p, fund)
    assert after.raw[who] >= before.raw[who] * (1 - 1e-9)
    assert after.amount[who] >= before.amount[who] - 1
