"""The fit of a reserve member for a vacancy (decision 0030, ``docs/talent.md``), computed
for every member at once with NumPy over a matrix of their levels.

For a vacancy whose standard requires levels ``r_k`` with weights ``w_k``, a member with
levels ``l_k`` (their proficiency if an employee, what the source measured otherwise)
scores, out of 100::

    fit = 100 × (0.70·C + 0.15·B + 0.10·P + 0.05·T)

- ``C`` competencies: Σ w_k·min(l_k, r_k)/r_k ÷ Σ w_k (a level above the requirement adds
  nothing, a missing one counts 0); 0.5 when the vacancy has no standard;
- ``B`` the reserve's level: 1 for the reserve of the vacancy's body (or a body above it),
  0.8 for the national reserve, 0.6 for another body's reserve;
- ``P`` the region: 1 when the member prefers none or the vacancy lies in their region,
  0.5 when it does not but they are willing to relocate; a member who prefers another
  region and will not relocate is not ranked at all;
- ``T`` time in reserve: days in reserve ÷ 730, at most 1 (who waited longer comes first
  among equals).

Only active, unexpired entries of the vacancy's post group (the post's category) are
ranked.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt

W_COMPETENCY, W_LEVEL, W_REGION, W_TIME = 0.70, 0.15, 0.10, 0.05
LEVEL_OWN, LEVEL_NATIONAL, LEVEL_OTHER = 1.0, 0.8, 0.6
REGION_IN, REGION_RELOCATE = 1.0, 0.5
NO_STANDARD = 0.5
FULL_TIME_DAYS = 730
NONE = -1  # no organisation / no region


@dataclass
class ReserveMatrix:
    """Every active entry as a row: ids, post group, body, region, relocation, start, and a
    float32 matrix of levels (one column per competency code in ``codes``)."""

    ids: npt.NDArray[np.int64]
    groups: npt.NDArray[np.int32]
    organisations: npt.NDArray[np.int64]
    regions: npt.NDArray[np.int64]
    relocation: npt.NDArray[np.bool_]
    started: npt.NDArray[np.int32]  # days since 1970-01-01
    expires: npt.NDArray[np.int32]
    levels: npt.NDArray[np.float32]
    scope_paths: npt.NDArray[Any]  # where the entry is kept (for the viewer's scope)
    codes: dict[str, int] = field(default_factory=dict)
    group_codes: dict[str, int] = field(default_factory=dict)
    by_group: dict[int, npt.NDArray[np.int64]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        order = np.argsort(self.groups, kind="stable")
        bounds = np.flatnonzero(np.diff(self.groups[order])) + 1
        for chunk in np.split(order, bounds):
            if len(chunk):
                self.by_group[int(self.groups[chunk[0]])] = chunk

    def __len__(self) -> int:
        return len(self.ids)


@dataclass(frozen=True)
class Target:
    """What a vacancy asks: its post group, the ids on its body's path (itself last), and
    its standard's requirements ``(code, level, weight)``."""

    post_group: str
    path_ids: tuple[int, ...]
    requirements: tuple[tuple[str, int, int], ...]


def day_number(day: dt.date) -> int:
    return (day - dt.date(1970, 1, 1)).days


def rows_for(matrix: ReserveMatrix, target: Target, today: dt.date) -> npt.NDArray[np.int64]:
    """The rows that may be ranked: the post group's, unexpired, and not refused by region."""
    group = matrix.group_codes.get(target.post_group)
    if target.post_group and group is None:
        return np.empty(0, dtype=np.int64)
    if group is not None:
        rows = matrix.by_group.get(group, np.empty(0, dtype=np.int64))
    else:
        rows = np.arange(len(matrix), dtype=np.int64)
    rows = rows[matrix.expires[rows] >= day_number(today)]
    return rows[_region(matrix, rows, target) > 0]


def _region(
    matrix: ReserveMatrix, rows: npt.NDArray[np.int64], target: Target
) -> npt.NDArray[np.float32]:
    regions = matrix.regions[rows]
    inside = (regions == NONE) | np.isin(regions, target.path_ids)
    out = np.where(inside, REGION_IN, np.where(matrix.relocation[rows], REGION_RELOCATE, 0.0))
    return out.astype(np.float32)


@dataclass
class Scored:
    """The rows scored (``rows`` into the matrix) with the fit and its parts."""

    rows: npt.NDArray[np.int64]
    fit: npt.NDArray[np.float32]
    competency: npt.NDArray[np.float32]
    level: npt.NDArray[np.float32]
    region: npt.NDArray[np.float32]
    time: npt.NDArray[np.float32]


def score(
    matrix: ReserveMatrix,
    target: Target,
    today: dt.date,
    rows: npt.NDArray[np.int64] | None = None,
) -> Scored:
    """The fit of every rankable row for ``target`` (the formula of the module)."""
    if rows is None:
        rows = rows_for(matrix, target, today)
    competency = _competency(matrix, rows, target)
    orgs = matrix.organisations[rows]
    level = np.where(
        np.isin(orgs, target.path_ids),
        LEVEL_OWN,
        np.where(orgs == NONE, LEVEL_NATIONAL, LEVEL_OTHER),
    ).astype(np.float32)
    region = _region(matrix, rows, target)
    waited = (day_number(today) - matrix.started[rows]).astype(np.float32)
    time = np.clip(waited / FULL_TIME_DAYS, 0.0, 1.0).astype(np.float32)
    fit = 100.0 * (W_COMPETENCY * competency + W_LEVEL * level + W_REGION * region + W_TIME * time)
    return Scored(rows, fit.astype(np.float32), competency, level, region, time)


def _competency(
    matrix: ReserveMatrix, rows: npt.NDArray[np.int64], target: Target
) -> npt.NDArray[np.float32]:
    if not target.requirements:
        return np.full(len(rows), NO_STANDARD, dtype=np.float32)
    weights = np.array([w for _c, _l, w in target.requirements], dtype=np.float32)
    required = np.array([lv for _c, lv, _w in target.requirements], dtype=np.float32)
    columns = [matrix.codes.get(c, -1) for c, _l, _w in target.requirements]
    have = np.zeros((len(rows), len(columns)), dtype=np.float32)
    for j, col in enumerate(columns):
        if col >= 0:
            have[:, j] = matrix.levels[rows, col]
    covered = np.minimum(have, required) / required
    total = float(weights.sum()) or 1.0
    return (covered @ weights / total).astype(np.float32)


def top(scored: Scored, limit: int) -> npt.NDArray[np.int64]:
    """Indexes into ``scored`` of the ``limit`` best, best first (ties: longer in reserve,
    then the lower entry id)."""
    n = len(scored.rows)
    if n == 0:
        return np.empty(0, dtype=np.int64)
    part = np.argpartition(-scored.fit, limit - 1)[:limit] if n > limit else np.arange(n)
    order = np.lexsort((scored.rows[part], -scored.time[part], -scored.fit[part]))
    return part[order].astype(np.int64)


def gaps(
    levels: dict[str, int], requirements: tuple[tuple[str, int, int], ...]
) -> list[dict[str, Any]]:
    """Each requirement the member falls short of: code, required, current level."""
    return [
        {"code": code, "required": level, "current": levels.get(code, 0)}
        for code, level, _w in requirements
        if levels.get(code, 0) < level
    ]
