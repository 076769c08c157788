"""Where each capacity measure's numbers come from: the other apps' selectors, read in bulk
(decision 0037). ``units()`` groups the tree: a *unit* is a body whose parent is a
territory (a ministry, an akimat, a provincial department…), counted with its whole
subtree; its *region* is the nearest region above it. Bodies with no region above them
(central bodies directly under the country) are not compared across regions."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils import timezone

from cadre.analytics.choices import Measure
from cadre.assessments import selectors as assessments
from cadre.learning import selectors as learning
from cadre.orgs import selectors as orgs
from cadre.orgs.choices import TERRITORY_KINDS, OrgKind
from cadre.people import selectors as people
from cadre.ratings import selectors as ratings

TRAINING_DAYS = 365


@dataclass(frozen=True)
class Units:
    """The units of the tree: ``ids`` with their ``regions`` and ``paths`` (same order);
    ``by_path`` finds the unit a path lies in."""

    ids: list[int]
    regions: list[int]
    paths: list[str]
    names: dict[int, str]

    def unit_of(self, path: str, index: dict[str, int]) -> int | None:
        for segment in path.strip("/").split("/"):
            hit = index.get(segment)
            if hit is not None:
                return hit
        return None


def units() -> Units:
    rows = orgs.tree_rows()
    kind = {pk: k for pk, _parent, _path, k, _name in rows}
    territory = {str(k) for k in TERRITORY_KINDS}
    ids, regions, paths = [], [], []
    names = {pk: name for pk, _p, _path, _k, name in rows}
    for pk, parent, path, k, _name in rows:
        if k in territory or parent is None or kind.get(parent) not in territory:
            continue
        region = next(
            (
                int(a)
                for a in reversed(path.strip("/").split("/")[:-1])
                if kind.get(int(a)) == OrgKind.REGION
            ),
            None,
        )
        if region is None:
            continue
        ids.append(pk)
        regions.append(region)
        paths.append(path)
    return Units(ids, regions, paths, names)


def _by_path(u: Units, rows: Iterable[tuple[str, float, float]]) -> dict[int, tuple[float, float]]:
    """Sum ``(path, y, w)`` rows into the units their paths lie in."""
    index = {p.strip("/").split("/")[-1]: pk for pk, p in zip(u.ids, u.paths, strict=True)}
    out: dict[int, tuple[float, float]] = {}
    for path, y, w in rows:
        if not path:
            continue
        unit = u.unit_of(path, index)
        if unit is not None:
            a, b = out.get(unit, (0.0, 0.0))
            out[unit] = (a + y, b + w)
    return out


def measure_rows(
    measure: str, u: Units, *, now: dt.datetime | None = None
) -> dict[int, tuple[float, float]]:
    """``{unit id: (numerator, denominator)}`` of ``measure`` now. Units with no figure yet
    are missing (not zero)."""
    if measure == Measure.IT_QUALIFIED:
        figures = people.stored_figures_of(u.ids, ("it_headcount", "it_without_it_specialty"))
        return {pk: (float(it - without), float(it)) for pk, (it, without) in figures.items()}
    if measure == Measure.IT_PER_UNIT:
        figures = people.stored_figures_of(u.ids, ("it_headcount",))
        return {pk: (float(it), 1.0) for pk, (it,) in figures.items()}
    if measure == Measure.STANDARDS_MET:
        met = assessments.requirements_met_of(u.ids)
        return {pk: (float(a), float(b)) for pk, (a, b) in met.items()}
    if measure == Measure.TRAINING:
        since = (now or timezone.now()) - dt.timedelta(days=TRAINING_DAYS)
        trained = _by_path(
            u, ((p, float(n), 0.0) for p, n in learning.trained_by_path(since=since))
        )
        heads = people.stored_figures_of(u.ids, ("headcount",))
        return {
            pk: (min(float(trained.get(pk, (0.0, 0.0))[0]), float(h)), float(h))
            for pk, (h,) in heads.items()
        }
    if measure == Measure.FAIR_RATIO:
        return _by_path(u, ratings.fair_ratio_by_path())
    raise ValueError(f"unknown measure: {measure}")
