"""The arithmetic of a contest's results, over arrays (NumPy), with no database: each
juror's weighted total of each entry, the totals normalised per juror (z-scores), the
entries' raw and normalised totals, the spread between jurors, Krippendorff's α per
criterion, and the ranking with its tie-break rule (decision 0031).

Inputs are the score rows read in bulk: four equal-length integer arrays (juror index,
entry index, criterion index, value) with every scorecard whole (a juror scores all the
criteria of an entry at once).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import krippendorff
import numpy as np
from numpy.typing import NDArray

ALPHA_WARNING = 0.667


@dataclass
class Tally:
    raw: NDArray[np.float64]  # per entry: mean of the jurors' weighted totals
    z: NDArray[np.float64]  # per entry: mean of the jurors' z-scored totals
    count: NDArray[np.int64]  # per entry: how many jurors scored it
    spread: NDArray[np.float64]  # per entry: highest minus lowest juror total
    criterion_mean: NDArray[np.float64]  # entries × criteria: mean score
    alpha: list[float | None]  # per criterion: Krippendorff's α (interval), None if unknown
    juror_mean: NDArray[np.float64]  # per juror: mean of their totals
    juror_sd: NDArray[np.float64]  # per juror: standard deviation of their totals


def tally(
    juror: NDArray[Any],
    entry: NDArray[Any],
    criterion: NDArray[Any],
    value: NDArray[Any],
    weights: NDArray[Any],
    n_jurors: int,
    n_entries: int,
) -> Tally:
    n_crit = len(weights)
    w = np.asarray(weights, dtype=np.float64)
    value = np.asarray(value, dtype=np.float64)
    # juror × entry cards: the weighted sum of their scores (a card is whole)
    card = juror.astype(np.int64) * n_entries + entry.astype(np.int64)
    keys, inverse = np.unique(card, return_inverse=True)
    totals = np.bincount(inverse, weights=value * w[criterion], minlength=len(keys)) / w.sum()
    card_juror = keys // n_entries
    card_entry = keys % n_entries
    # per juror: mean and (population) standard deviation of their totals
    j_count = np.bincount(card_juror, minlength=n_jurors).astype(np.float64)
    j_sum = np.bincount(card_juror, weights=totals, minlength=n_jurors)
    j_mean = np.divide(j_sum, j_count, out=np.zeros(n_jurors), where=j_count > 0)
    j_sq = np.bincount(card_juror, weights=(totals - j_mean[card_juror]) ** 2, minlength=n_jurors)
    j_sd = np.sqrt(np.divide(j_sq, j_count, out=np.zeros(n_jurors), where=j_count > 0))
    sd = j_sd[card_juror]
    z_card = np.divide(totals - j_mean[card_juror], sd, out=np.zeros(len(keys)), where=sd > 0)
    # per entry
    count = np.bincount(card_entry, minlength=n_entries)
    raw = np.divide(
        np.bincount(card_entry, weights=totals, minlength=n_entries),
        count,
        out=np.full(n_entries, np.nan),
        where=count > 0,
    )
    z = np.divide(
        np.bincount(card_entry, weights=z_card, minlength=n_entries),
        count,
        out=np.full(n_entries, np.nan),
        where=count > 0,
    )
    high = np.full(n_entries, -np.inf)
    low = np.full(n_entries, np.inf)
    np.maximum.at(high, card_entry, totals)
    np.minimum.at(low, card_entry, totals)
    spread = np.where(count > 0, high - low, 0.0)
    # entries × criteria means
    cell = entry.astype(np.int64) * n_crit + criterion
    c_sum = np.bincount(cell, weights=value, minlength=n_entries * n_crit)
    c_cnt = np.bincount(cell, minlength=n_entries * n_crit)
    criterion_mean = np.divide(
        c_sum, c_cnt, out=np.full(n_entries * n_crit, np.nan), where=c_cnt > 0
    ).reshape(n_entries, n_crit)
    return Tally(
        raw=raw,
        z=z,
        count=count.astype(np.int64),
        spread=spread,
        criterion_mean=criterion_mean,
        alpha=agreement(juror, entry, criterion, value, n_jurors, n_entries, n_crit),
        juror_mean=j_mean,
        juror_sd=j_sd,
    )


def agreement(
    juror: NDArray[Any],
    entry: NDArray[Any],
    criterion: NDArray[Any],
    value: NDArray[Any],
    n_jurors: int,
    n_entries: int,
    n_crit: int,
) -> list[float | None]:
    """Krippendorff's α (interval) per criterion over the jurors × entries matrix; None
    where it cannot be told (fewer than two pairable scores, or no variation at all)."""
    out: list[float | None] = []
    for c in range(n_crit):
        rows = criterion == c
        matrix = np.full((n_jurors, n_entries), np.nan)
        matrix[juror[rows], entry[rows]] = value[rows]
        paired = (~np.isnan(matrix)).sum(axis=0) >= 2
        data = matrix[:, paired]
        values = data[~np.isnan(data)]
        if data.shape[1] == 0 or np.unique(values).size < 2:
            out.append(None)
            continue
        alpha = float(krippendorff.alpha(reliability_data=data, level_of_measurement="interval"))
        out.append(None if np.isnan(alpha) else alpha)
    return out


def ranking(
    z: NDArray[Any], raw: NDArray[Any], top: NDArray[Any], order: NDArray[Any]
) -> NDArray[np.int64]:
    """Indices best first. The rule: the higher normalised total; on a tie (to three
    decimals) the higher raw total; then the higher mean score of the criterion of the
    greatest weight; then the earlier application (``order``: its position by time)."""
    keys = (
        np.asarray(order),
        -np.round(np.nan_to_num(top, nan=-1e9), 3),
        -np.round(np.nan_to_num(raw, nan=-1e9), 3),
        -np.round(np.nan_to_num(z, nan=-1e9), 3),
    )
    return np.lexsort(keys).astype(np.int64)


def naive(
    rows: list[tuple[int, int, int, int]], weights: list[float]
) -> dict[int, tuple[float, float]]:
    """The same raw and normalised totals in plain Python loops (the benchmark's baseline
    and the tests' cross-check)."""
    cards: dict[tuple[int, int], float] = {}
    for j, e, c, v in rows:
        cards[(j, e)] = cards.get((j, e), 0.0) + v * weights[c]
    total_w = sum(weights)
    by_juror: dict[int, list[float]] = {}
    for (j, _e), t in cards.items():
        by_juror.setdefault(j, []).append(t / total_w)
    stats = {}
    for j, ts in by_juror.items():
        mean = sum(ts) / len(ts)
        sd = (sum((t - mean) ** 2 for t in ts) / len(ts)) ** 0.5
        stats[j] = (mean, sd)
    per_entry: dict[int, list[tuple[float, float]]] = {}
    for (j, e), t in cards.items():
        t /= total_w
        mean, sd = stats[j]
        per_entry.setdefault(e, []).append((t, (t - mean) / sd if sd > 0 else 0.0))
    return {
        e: (sum(t for t, _ in v) / len(v), sum(z for _, z in v) / len(v))
        for e, v in per_entry.items()
    }
