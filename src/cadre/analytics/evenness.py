"""Regional evenness of a capacity measure (issue 22; decision 0037): plain NumPy over rows
read in bulk.

A measure is a ratio: each unit (a body under a region) has a numerator ``y`` (qualified IT
staff, IT staff, requirements met, people trained, expected-weighted fair ratio) and a
denominator ``w`` (IT staff, 1, requirements, headcount, expected negatives); its value is
``y / w``. A region's value is ``Σy / Σw`` over its units.

* **CV, Gini, max/min** are taken over the regions' values, each region counted once (the
  population standard deviation; Gini as the mean absolute difference over twice the mean;
  max/min is ``None`` when the lowest region is at 0). The same three are given within each
  region over its units' values.
* **Theil T** over units, weighted by the denominators: ``T = Σ s_i ln(s_i / p_i)`` with
  ``s_i = y_i / Σy`` and ``p_i = w_i / Σw`` (``0 ln 0 = 0``). It splits exactly into a
  between-region part ``Σ_g S_g ln(S_g / P_g)`` and a within-region part ``Σ_g S_g T_g``;
  each part is computed on its own, so ``between + within == total`` is a check of the sums,
  not a definition (the tests hold it to 1e-12).
* **Units with none**: units counted (``w > 0``) whose numerator is 0 — for the qualification
  measures, units where nobody is qualified.

Units with ``w == 0`` have no value (a body without IT staff has no share qualified); they
are left out of every figure and counted as ``units_without_data``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray

Floats = NDArray[np.float64]


@dataclass(frozen=True)
class Spread:
    """CV, Gini and max/min of a set of values (``None`` where undefined)."""

    n: int
    mean: float | None
    cv: float | None
    gini: float | None
    max_min: float | None


@dataclass(frozen=True)
class RegionFigures:
    region: int
    value: float | None
    numerator: float
    denominator: float
    units: int
    units_with_none: int
    units_without_data: int
    spread: Spread
    theil: float | None  # T_g, the Theil index over the region's own units
    share: float  # S_g: the region's share of the numerator
    weight: float  # P_g: its share of the denominator


@dataclass(frozen=True)
class Evenness:
    regions: list[RegionFigures]
    spread: Spread  # over the regions' values
    theil: float | None
    between: float | None
    within: float | None
    units: int
    units_with_none: int
    units_without_data: int
    value: float | None  # Σy / Σw over everything
    notes: list[str] = field(default_factory=list)


def spread(values: Floats) -> Spread:
    """CV (population standard deviation over the mean), Gini and max/min of ``values``."""
    x = np.sort(np.asarray(values, dtype=np.float64))
    n = int(x.size)
    if n == 0:
        return Spread(0, None, None, None, None)
    mean = float(x.mean())
    if mean <= 0:
        return Spread(n, mean, None, None, None)
    cv = float(x.std()) / mean
    ranks = np.arange(1, n + 1, dtype=np.float64)
    gini = float(2.0 * np.dot(ranks, x) / (n * x.sum()) - (n + 1.0) / n)
    low = float(x[0])
    max_min = float(x[-1]) / low if low > 0 else None
    return Spread(n, mean, cv, max(gini, 0.0), max_min)


def _xlogx_ratio(s: Floats, p: Floats) -> float:
    """``Σ s ln(s / p)`` with ``0 ln 0 = 0``."""
    mask = s > 0
    return float(np.sum(s[mask] * np.log(s[mask] / p[mask])))


def theil(y: Floats, w: Floats) -> float | None:
    """Theil T of numerators ``y`` over denominators ``w`` (all ``w > 0``)."""
    total_y, total_w = float(y.sum()), float(w.sum())
    if total_y <= 0 or total_w <= 0:
        return None
    return _xlogx_ratio(y / total_y, w / total_w)


def evenness(regions: NDArray[np.int64], y: Floats, w: Floats) -> Evenness:
    """The evenness figures of units in ``regions`` (an id per unit) with numerators ``y``
    and denominators ``w`` (arrays of one length)."""
    regions = np.asarray(regions, dtype=np.int64)
    y = np.asarray(y, dtype=np.float64)
    w = np.asarray(w, dtype=np.float64)
    if (y < 0).any() or (w < 0).any():
        raise ValueError("negative numerator or denominator")
    counted = w > 0
    order = np.argsort(regions, kind="stable")
    regions, y, w, counted = regions[order], y[order], w[order], counted[order]
    ids, starts = np.unique(regions, return_index=True)
    ends = np.append(starts[1:], regions.size)
    ok_y, ok_w = y[counted], w[counted]
    total_y, total_w = float(ok_y.sum()), float(ok_w.sum())
    rows: list[RegionFigures] = []
    for rid, a, b in zip(ids.tolist(), starts.tolist(), ends.tolist(), strict=True):
        m = counted[a:b]
        gy, gw = y[a:b][m], w[a:b][m]
        sy, sw = float(gy.sum()), float(gw.sum())
        rows.append(
            RegionFigures(
                region=int(rid),
                value=sy / sw if sw > 0 else None,
                numerator=sy,
                denominator=sw,
                units=int(m.sum()),
                units_with_none=int((gy == 0).sum()),
                units_without_data=int((~m).sum()),
                spread=spread(gy / gw),
                theil=theil(gy, gw) if sw > 0 else None,
                share=sy / total_y if total_y > 0 else 0.0,
                weight=sw / total_w if total_w > 0 else 0.0,
            )
        )
    total = theil(ok_y, ok_w) if ok_y.size else None
    between = within = None
    if total is not None:
        shares = np.array([r.share for r in rows])
        weights = np.array([r.weight for r in rows])
        between = _xlogx_ratio(shares, weights)
        within = float(sum(r.share * r.theil for r in rows if r.theil is not None and r.share > 0))
    valued = np.array([r.value for r in rows if r.value is not None], dtype=np.float64)
    return Evenness(
        regions=rows,
        spread=spread(valued),
        theil=total,
        between=between,
        within=within,
        units=int(counted.sum()),
        units_with_none=int((ok_y == 0).sum()),
        units_without_data=int((~counted).sum()),
        value=total_y / total_w if total_w > 0 else None,
    )
