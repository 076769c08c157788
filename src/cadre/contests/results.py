"""A contest's results as they stand, read in bulk and computed by ``tally``: per entry the
raw and normalised totals, the number of jurors, the spread and the flag, the rank in its
category by the tie-break rule, the outcome, and the feedback per criterion; per criterion
Krippendorff's α. The organiser previews them; publishing stores them (services)."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from django.db import connections
from numpy.typing import NDArray

from cadre.contests.choices import EntryState, Outcome
from cadre.contests.models import Application, Category, Contest, Criterion, Score
from cadre.contests.tally import ALPHA_WARNING, ranking, tally


@dataclass
class EntryResult:
    entry_id: int
    category_id: int
    raw: float | None
    z: float | None
    count: int
    spread: float
    flagged: bool
    rank: int | None = None
    outcome: str = ""
    feedback: dict[str, dict[str, Any]] = field(default_factory=dict)


@dataclass
class Results:
    entries: dict[int, EntryResult]
    alpha: dict[str, float | None]
    short: list[int]  # admitted entries with fewer scores than the contest needs

    def low_agreement(self) -> list[str]:
        return [code for code, a in self.alpha.items() if a is not None and a < ALPHA_WARNING]


def _rows(contest: Contest) -> NDArray[np.int64]:
    """The score rows of the contest's admitted entries, (juror, entry, criterion, value),
    read in one query straight from the cursor (no model instances)."""
    qs = Score.objects.filter(
        application__contest=contest,
        application__is_calibration=False,
        application__state=EntryState.ADMITTED,
    ).values_list("juror_id", "application_id", "criterion_id", "value")
    sql, params = qs.query.sql_with_params()
    with connections[qs.db].cursor() as cursor:
        cursor.execute(sql, params)
        found = cursor.fetchall()
    return np.array(found, dtype=np.int64).reshape(-1, 4)


def compute(contest: Contest) -> Results:
    criteria = list(Criterion.objects.filter(contest=contest).order_by("code"))
    listed = list(
        Application.objects.filter(contest=contest, is_calibration=False, state=EntryState.ADMITTED)
        .order_by("submitted_at", "pk")
        .values_list("id", "category_id")
    )
    n = len(listed)
    if n == 0 or not criteria:
        return Results(entries={}, alpha={c.code: None for c in criteria}, short=[])
    ids = np.array([e for e, _c in listed], dtype=np.int64)
    cats = np.array([c for _e, c in listed], dtype=np.int64)
    rows = _rows(contest)
    # ids → positions in ``listed`` and ``criteria`` (binary search over the sorted ids)
    order = np.argsort(ids)
    c_ids = np.array([c.pk for c in criteria], dtype=np.int64)
    c_order = np.argsort(c_ids)
    juror_ids, juror = np.unique(rows[:, 0], return_inverse=True)
    entry = order[np.searchsorted(ids, rows[:, 1], sorter=order)]
    crit = c_order[np.searchsorted(c_ids, rows[:, 2], sorter=c_order)]
    weights = np.array([c.weight for c in criteria], dtype=np.float64)
    t = tally(juror, entry, crit, rows[:, 3], weights, max(1, len(juror_ids)), n)
    flagged = (t.count > 1) & (t.spread > float(contest.disagreement) + 1e-9)
    raw, z = np.round(t.raw, 3).tolist(), np.round(t.z, 3).tolist()
    spread, count = np.round(t.spread, 3).tolist(), t.count.tolist()
    out: dict[int, EntryResult] = {}
    for i, (pk, cat) in enumerate(listed):
        out[pk] = EntryResult(
            entry_id=pk,
            category_id=cat,
            raw=None if math.isnan(raw[i]) else raw[i],
            z=None if math.isnan(z[i]) else z[i],
            count=count[i],
            spread=spread[i],
            flagged=bool(flagged[i]),
        )
    enough = t.count >= contest.min_scores
    short = ids[~enough].tolist()
    _rank(contest, ids, cats, enough, t, criteria, out)
    _feedback(ids, cats, t, criteria, out)
    alpha = {
        c.code: (None if a is None else round(a, 3)) for c, a in zip(criteria, t.alpha, strict=True)
    }
    return Results(entries=out, alpha=alpha, short=short)


def _rank(
    contest: Contest,
    ids: NDArray[np.int64],
    cats: NDArray[np.int64],
    enough: NDArray[np.bool_],
    t: Any,
    criteria: list[Criterion],
    out: dict[int, EntryResult],
) -> None:
    """Rank each category's entries (those with enough scores) by the rule of
    ``tally.ranking``; the first ``winners`` (the category's own number, or the contest's)
    win, the next ``finalists`` are finalists."""
    top = max(range(len(criteria)), key=lambda k: (criteria[k].weight, -k))
    own = dict(
        Category.objects.filter(contest=contest, winners__isnull=False).values_list("pk", "winners")
    )
    for cat in np.unique(cats):
        own_winners = own.get(int(cat))
        winners = contest.winners if own_winners is None else own_winners
        idx = np.flatnonzero((cats == cat) & enough)
        order = ranking(t.z[idx], t.raw[idx], t.criterion_mean[idx, top], idx)
        for place, k in enumerate(order.tolist(), start=1):
            result = out[int(ids[idx[k]])]
            result.rank = place
            if place <= winners:
                result.outcome = Outcome.WINNER
            elif place <= winners + contest.finalists:
                result.outcome = Outcome.FINALIST
            else:
                result.outcome = Outcome.PARTICIPANT


def _feedback(
    ids: NDArray[np.int64],
    cats: NDArray[np.int64],
    t: Any,
    criteria: list[Criterion],
    out: dict[int, EntryResult],
) -> None:
    """Per criterion: the entry's mean score, the mean of its category, and the descriptor
    of the score level the entry's mean rounds to (halves up)."""
    keys = ids.tolist()
    for k, c in enumerate(criteria):
        col = t.criterion_mean[:, k]
        cat_mean = np.full(len(col), np.nan)
        for cat in np.unique(cats):
            rows = cats == cat
            if np.any(~np.isnan(col[rows])):
                cat_mean[rows] = np.nanmean(col[rows])
        means = np.round(col, 3).tolist()
        cat_means = np.round(cat_mean, 3).tolist()
        levels = np.floor(np.nan_to_num(col, nan=0) + 0.5).astype(np.int64).clip(1).tolist()
        texts = {str(s): c.descriptors.get(str(s), "") for s in set(levels)}
        for i, pk in enumerate(keys):
            mean = None if math.isnan(means[i]) else means[i]
            out[pk].feedback[c.code] = {
                "criterion": c.name,
                "weight": c.weight,
                "mean": mean,
                "category_mean": None if math.isnan(cat_means[i]) else cat_means[i],
                "descriptor": texts[str(levels[i])] if mean is not None else "",
            }


def competency_levels(criteria: list[Criterion], feedback: dict[str, Any]) -> dict[str, Any]:
    """The evidence map applied to an entry's feedback: ``{criterion code: (competency,
    level)}`` for each criterion that shows a competency and was scored."""
    found: dict[str, Any] = {}
    for c in criteria:
        mean = (feedback.get(c.code) or {}).get("mean")
        if c.competency_id is None or mean is None:
            continue
        level = c.levels.get(str(max(1, math.floor(mean + 0.5))))
        if level:
            found[c.code] = (c.competency, int(level))
    return found
