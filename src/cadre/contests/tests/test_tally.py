"""The arithmetic of the results, without the database: NumPy against the plain loops,
Krippendorff's α at its bounds, and the tie-break rule."""

from __future__ import annotations

import numpy as np

from cadre.contests.tally import naive, ranking, tally


def _rows(seed: int, jurors: int, entries: int, crit: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    rows = [
        (j, e, c, int(rng.integers(1, 6)))
        for e in range(entries)
        for j in rng.choice(jurors, size=3, replace=False)
        for c in range(crit)
    ]
    return np.array(rows, dtype=np.int64)


def test_numpy_totals_equal_the_plain_loops() -> None:
    rows = _rows(7, jurors=6, entries=40, crit=3)
    weights = [50.0, 30.0, 20.0]
    t = tally(rows[:, 0], rows[:, 1], rows[:, 2], rows[:, 3], np.array(weights), 6, 40)
    expected = naive([tuple(map(int, r)) for r in rows], weights)  # type: ignore[misc]
    for e, (raw, z) in expected.items():
        assert abs(t.raw[e] - raw) < 1e-9 and abs(t.z[e] - z) < 1e-9
    assert set(t.count.tolist()) == {3}


def test_alpha_is_one_when_jurors_agree_and_none_without_variation() -> None:
    rows = np.array(
        [(j, e, 0, v) for e, v in enumerate([1, 3, 5, 2]) for j in range(3)]
        + [(j, e, 1, 4) for e in range(4) for j in range(3)],
        dtype=np.int64,
    )
    t = tally(rows[:, 0], rows[:, 1], rows[:, 2], rows[:, 3], np.array([1.0, 1.0]), 3, 4)
    assert t.alpha[0] == 1.0
    assert t.alpha[1] is None  # every score 4: nothing to agree on


def test_ties_go_to_the_raw_total_then_the_heaviest_criterion_then_the_earlier() -> None:
    z = np.array([0.5, 0.5, 0.5, 0.5, 0.9])
    raw = np.array([3.0, 3.2, 3.0, 3.0, 1.0])
    top = np.array([4.0, 1.0, 4.5, 4.0, 1.0])
    order = np.array([0, 1, 2, 3, 4])
    assert ranking(z, raw, top, order).tolist() == [4, 1, 2, 0, 3]
