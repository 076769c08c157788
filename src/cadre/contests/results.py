"""A contest's results as they stand, read in bulk and computed by ``tally``: per entry the
raw and normalised totals, the number of jurors, the spread and the flag, the rank in its
category by the tie-break rule, the outcome, and the feedback per criterion; per criterion
Krippendorff's α. The organiser previews them; publishing stores them (services)."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from cadre.contests.choices import EntryState, Outcome
from cadre.contests.models import Application, Contest, Criterion, Score
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


def _r(x: float) -> float | None:
    return None if x is None or math.isnan(x) else round(float(x), 3)


def compute(contest: Contest) -> Results:
    criteria = list(Criterion.objects.filter(contest=contest).order_by("code"))
    entries = list(
        Application.objects.filter(
            contest=contest, is_calibration=False, state=EntryState.ADMITTED
        ).order_by("submitted_at", "pk")
    )
    e_index = {e.pk: i for i, e in enumerate(entries)}
    c_index = {c.pk: i for i, c in enumerate(criteria)}
    rows = np.array(
        list(
            Score.objects.filter(application_id__in=e_index).values_list(
                "juror_id", "application_id", "criterion_id", "value"
            )
        ),
        dtype=np.int64,
    ).reshape(-1, 4)
    juror_ids, juror = np.unique(rows[:, 0], return_inverse=True)
    entry = np.array([e_index[a] for a in rows[:, 1]], dtype=np.int64)
    crit = np.array([c_index[c] for c in rows[:, 2]], dtype=np.int64)
    weights = np.array([c.weight for c in criteria], dtype=np.float64)
    n = len(entries)
    if n == 0 or not criteria:
        return Results(entries={}, alpha={c.code: None for c in criteria}, short=[])
    t = tally(juror, entry, crit, rows[:, 3], weights, max(1, len(juror_ids)), n)
    threshold = float(contest.disagreement)
    out: dict[int, EntryResult] = {}
    for i, e in enumerate(entries):
        out[e.pk] = EntryResult(
            entry_id=e.pk,
            category_id=e.category_id,
            raw=_r(t.raw[i]),
            z=_r(t.z[i]),
            count=int(t.count[i]),
            spread=round(float(t.spread[i]), 3),
            flagged=bool(t.count[i] > 1 and t.spread[i] > threshold + 1e-9),
        )
    short = [e.pk for i, e in enumerate(entries) if t.count[i] < contest.min_scores]
    _rank(contest, entries, t, criteria, out, short)
    _feedback(entries, t, criteria, out)
    alpha = {
        c.code: (None if a is None else round(a, 3)) for c, a in zip(criteria, t.alpha, strict=True)
    }
    return Results(entries=out, alpha=alpha, short=short)


def _rank(
    contest: Contest,
    entries: list[Application],
    t: Any,
    criteria: list[Criterion],
    out: dict[int, EntryResult],
    short: list[int],
) -> None:
    """Rank each category's entries (those with enough scores) by the rule of
    ``tally.ranking``; the first ``winners`` win, the next ``finalists`` are finalists."""
    top = max(range(len(criteria)), key=lambda k: (criteria[k].weight, -k))
    skip = set(short)
    by_category: dict[int, list[int]] = {}
    for i, e in enumerate(entries):
        if e.pk not in skip:
            by_category.setdefault(e.category_id, []).append(i)
    for rows in by_category.values():
        idx = np.array(rows, dtype=np.int64)
        order = ranking(t.z[idx], t.raw[idx], t.criterion_mean[idx, top], idx)
        for place, k in enumerate(order, start=1):
            result = out[entries[int(idx[k])].pk]
            result.rank = place
            if place <= contest.winners:
                result.outcome = Outcome.WINNER
            elif place <= contest.winners + contest.finalists:
                result.outcome = Outcome.FINALIST
            else:
                result.outcome = Outcome.PARTICIPANT


def _feedback(
    entries: list[Application], t: Any, criteria: list[Criterion], out: dict[int, EntryResult]
) -> None:
    """Per criterion: the entry's mean score, the mean of its category, and the descriptor
    of the score level the entry's mean rounds to."""
    cats = np.array([e.category_id for e in entries])
    for k, c in enumerate(criteria):
        col = t.criterion_mean[:, k]
        means = {
            cat: float(np.nanmean(col[cats == cat]))
            if np.any(~np.isnan(col[cats == cat]))
            else None
            for cat in set(cats.tolist())
        }
        for i, e in enumerate(entries):
            mean = _r(col[i])
            level = None if mean is None else str(max(1, math.floor(mean + 0.5)))
            cat_mean = means.get(e.category_id)
            out[e.pk].feedback[c.code] = {
                "criterion": c.name,
                "weight": c.weight,
                "mean": mean,
                "category_mean": None if cat_mean is None else round(cat_mean, 3),
                "descriptor": c.descriptors.get(level, "") if level else "",
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
