"""The evenness maths on numbers worked out by hand (decision 0037)."""

from __future__ import annotations

import math

import numpy as np
import pytest

from cadre.analytics.evenness import evenness, spread, theil

LN2, LN3 = math.log(2), math.log(3)


def test_theil_splits_exactly_into_between_and_within():
    # Region 1: units 1 and 3 (of one each); region 2: units 4 and 8. Σy = 16, Σw = 4.
    # T = 1/16 ln(1/4) + 3/16 ln(3/4) + 4/16 ln 1 + 8/16 ln 2 = 3/16 ln 3.
    # Between: 1/4 ln(1/2) + 3/4 ln(3/2) = 3/4 ln 3 − ln 2.
    # Within: 1/4 · (3/4 ln 3 − ln 2) + 3/4 · (5/3 ln 2 − ln 3) = ln 2 − 9/16 ln 3.
    e = evenness(np.array([1, 1, 2, 2]), np.array([1.0, 3, 4, 8]), np.ones(4))
    assert e.theil == pytest.approx(3 / 16 * LN3, abs=1e-15)
    assert e.between == pytest.approx(3 / 4 * LN3 - LN2, abs=1e-15)
    assert e.within == pytest.approx(LN2 - 9 / 16 * LN3, abs=1e-15)
    assert e.between is not None and e.within is not None and e.theil is not None
    assert abs(e.between + e.within - e.theil) <= 1e-12
    first, second = e.regions
    assert first.theil == pytest.approx(3 / 4 * LN3 - LN2, abs=1e-15)
    assert second.theil == pytest.approx(5 / 3 * LN2 - LN3, abs=1e-15)
    assert (first.value, second.value, e.value) == (2.0, 6.0, 4.0)


def test_spread_over_regions_and_within():
    e = evenness(np.array([1, 1, 2, 2]), np.array([1.0, 3, 4, 8]), np.ones(4))
    # Regions 2 and 6: mean 4, standard deviation 2, Gini |2−6|·2 / (2·2²·4) = 0.25.
    assert e.spread.cv == pytest.approx(0.5)
    assert e.spread.gini == pytest.approx(0.25)
    assert e.spread.max_min == pytest.approx(3.0)
    # Units 1, 3, 4, 8: CV √6.5 / 4; Gini 44 / 128.
    units = spread(np.array([1.0, 3, 4, 8]))
    assert units.cv == pytest.approx(math.sqrt(6.5) / 4)
    assert units.gini == pytest.approx(44 / 128)
    assert units.max_min == pytest.approx(8.0)
    assert e.regions[1].spread.max_min == pytest.approx(2.0)


def test_weighted_shares_zero_units_and_units_without_data():
    # Shares qualified: region 7 has 0 of 4 and 6 of 6; region 9 has 3 of 3 and a unit
    # with no IT staff (no value). Σy = 9, Σw = 13.
    e = evenness(np.array([9, 7, 7, 9]), np.array([3.0, 0, 6, 0]), np.array([3.0, 4, 6, 0]))
    assert (e.units, e.units_with_none, e.units_without_data) == (3, 1, 1)
    region7, region9 = e.regions
    assert region7.region == 7 and region7.units_with_none == 1 and region7.value == 0.6
    assert region9.units_without_data == 1 and region9.value == 1.0
    # T = 6/9 ln((6/9)/(6/13)) + 3/9 ln((3/9)/(3/13)) = ln(13/9) (every qualified unit at 1).
    assert e.theil == pytest.approx(math.log(13 / 9), abs=1e-15)
    # Between: 6/9 ln((6/9)/(10/13)) + 3/9 ln((3/9)/(3/13)).
    between = 6 / 9 * math.log((6 / 9) / (10 / 13)) + 3 / 9 * math.log((3 / 9) / (3 / 13))
    assert e.between == pytest.approx(between, abs=1e-15)
    assert e.between is not None and e.within is not None and e.theil is not None
    assert abs(e.between + e.within - e.theil) <= 1e-12
    # Region 7 at 0.6, region 9 at 1: max/min 1/0.6; within region 7 the lowest unit is 0.
    assert e.spread.max_min == pytest.approx(1 / 0.6)
    assert region7.spread.max_min is None


def test_split_holds_on_many_random_units():
    rng = np.random.default_rng(22)
    regions = rng.integers(0, 85, 50_000)
    w = rng.integers(1, 40, 50_000).astype(float)
    y = np.floor(w * rng.random(50_000))
    e = evenness(regions, y, w)
    assert e.between is not None and e.within is not None and e.theil is not None
    assert abs(e.between + e.within - e.theil) <= 1e-12
    assert e.theil == pytest.approx(theil(y, w), abs=1e-15)


def test_nothing_counted_and_bad_numbers():
    e = evenness(np.array([1]), np.array([0.0]), np.array([0.0]))
    assert (e.theil, e.between, e.within, e.value, e.units_without_data) == (
        None,
        None,
        None,
        None,
        1,
    )
    assert spread(np.array([])).cv is None
    with pytest.raises(ValueError, match="negative"):
        evenness(np.array([1]), np.array([-1.0]), np.array([1.0]))
