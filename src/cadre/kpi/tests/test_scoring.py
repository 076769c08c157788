"""The achievement of one KPI and the weighted total, at and between the levels."""

from __future__ import annotations

from decimal import Decimal

import pytest

from cadre.kpi.scoring import achievement, weighted_total

D = Decimal


@pytest.mark.parametrize(
    ("actual", "expected"),
    [
        ("59.99", "0.0000"),  # below the threshold
        ("60", "0.5000"),  # at the threshold
        ("70", "0.7500"),  # half way to the target
        ("80", "1.0000"),  # at the target
        ("85", "1.2500"),  # half way to the stretch
        ("90", "1.5000"),  # at the stretch
        ("120", "1.5000"),  # capped
    ],
)
def test_higher_is_better(actual: str, expected: str) -> None:
    got = achievement(actual=D(actual), threshold=D(60), target=D(80), stretch=D(90), lower=False)
    assert got == D(expected)


@pytest.mark.parametrize(
    ("actual", "expected"),
    [
        ("1.21", "0.0000"),  # above the threshold: worse than it
        ("1.2", "0.5000"),
        ("1.1", "0.7500"),
        ("1.0", "1.0000"),
        ("0.9", "1.2500"),
        ("0.8", "1.5000"),
        ("0.1", "1.5000"),
    ],
)
def test_lower_is_better_is_the_mirror(actual: str, expected: str) -> None:
    got = achievement(
        actual=D(actual), threshold=D("1.2"), target=D("1.0"), stretch=D("0.8"), lower=True
    )
    assert got == D(expected)


def test_equal_levels_and_rounding() -> None:
    # A target equal to the threshold: 100 % there; a stretch equal to the target: no more.
    assert achievement(actual=D(5), threshold=D(5), target=D(5), stretch=D(5), lower=False) == 1
    assert achievement(actual=D(9), threshold=D(5), target=D(5), stretch=D(5), lower=False) == 1
    # 0.5 + 0.5 × 1/3 = 0.66666… → 0.6667 (half up, 4 places)
    assert achievement(actual=D(1), threshold=D(0), target=D(3), stretch=D(4), lower=False) == D(
        "0.6667"
    )
    assert weighted_total([(D("1.5"), D(40)), (D("0.75"), D(35)), (D(0), D(25))]) == D("0.8625")
