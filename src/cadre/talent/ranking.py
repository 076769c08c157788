"""The ranked list of reserve members for one vacancy, each with the reasons of its rank
(the fit's parts, the gaps against the post's standard), and the candidate set of many
vacancies that the optimal assignment works on (``assignment``)."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from typing import Any

import numpy as np
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, ngettext

from cadre.core.jobmessages import job_message
from cadre.talent import scoring, selectors
from cadre.talent.assignment import Candidates
from cadre.talent.models import ReserveEntry, Vacancy
from cadre.talent.scoring import ReserveMatrix, Target

DEFAULT_LIMIT = 50


@dataclass
class Ranked:
    """One reserve member's place for a vacancy."""

    rank: int
    entry: ReserveEntry
    fit: float
    competency: float
    level: float
    region: float
    days: int
    gaps: list[dict[str, Any]]

    @property
    def reasons(self) -> list[str]:
        return reasons(self)

    def as_dict(self) -> dict[str, Any]:
        return {
            "fit": round(self.fit, 1),
            "competency": round(self.competency, 3),
            "level": round(self.level, 2),
            "region": round(self.region, 2),
            "days_in_reserve": self.days,
            "gaps": self.gaps,
        }


def _percent(value: float) -> str:
    return f"{round(value * 100)} %"


def reasons(item: Ranked | Any) -> list[str]:
    """The reasons of a rank in words (from a ``Ranked`` or a stored match's ``reasons``)."""
    data = item.as_dict() if isinstance(item, Ranked) else dict(item or {})
    if not data:
        return []
    out = [_("competencies: %(share)s of the standard") % {"share": _percent(data["competency"])}]
    if data["gaps"]:
        out.append(
            _("gaps: %(gaps)s")
            % {
                "gaps": ", ".join(
                    _("%(code)s %(current)s of %(required)s") % g for g in data["gaps"]
                )
            }
        )
    out.append(
        {
            scoring.LEVEL_OWN: _("the reserve of this body"),
            scoring.LEVEL_NATIONAL: _("the national reserve"),
        }.get(round(float(data["level"]), 2), _("another body's reserve"))
    )
    out.append(
        _("in the preferred region")
        if round(float(data["region"]), 2) == scoring.REGION_IN
        else _("willing to relocate")
    )
    days = int(data["days_in_reserve"])
    out.append(ngettext("%(n)s day in reserve", "%(n)s days in reserve", days) % {"n": days})
    return out


def rank(
    user: Any,
    vacancy: Vacancy,
    *,
    limit: int = DEFAULT_LIMIT,
    today: dt.date,
    matrix: ReserveMatrix | None = None,
) -> list[Ranked]:
    """The ``limit`` best reserve members the user may see for ``vacancy``, best first."""
    matrix = matrix if matrix is not None else selectors.reserve_matrix()
    target = selectors.target_of(vacancy)
    rows = _rows(matrix, target, user, today)
    scored = scoring.score(matrix, target, today, rows)
    best = scoring.top(scored, limit)
    ids = [int(matrix.ids[scored.rows[i]]) for i in best]
    found = ReserveEntry.objects.select_related(
        "employee", "candidate", "organisation", "region"
    ).in_bulk(ids)
    names = {col: code for code, col in matrix.codes.items()}
    out: list[Ranked] = []
    for place, i in enumerate(best, start=1):
        row = int(scored.rows[i])
        entry = found.get(int(matrix.ids[row]))
        if entry is None:  # left the reserve since the matrix was read
            continue
        levels = {names[c]: int(v) for c, v in enumerate(matrix.levels[row]) if v}
        out.append(
            Ranked(
                rank=place,
                entry=entry,
                fit=float(scored.fit[i]),
                competency=float(scored.competency[i]),
                level=float(scored.level[i]),
                region=float(scored.region[i]),
                days=int(scoring.day_number(today) - matrix.started[row]),
                gaps=scoring.gaps(levels, target.requirements),
            )
        )
    return out


def rank_one(user: Any, vacancy: Vacancy, entry: ReserveEntry, *, today: dt.date) -> Ranked | None:
    """``entry``'s fit for ``vacancy`` as the ranked list would give it (``rank`` 0: not
    placed among others); ``None`` when it is not in the list at all."""
    matrix = selectors.reserve_matrix()
    target = selectors.target_of(vacancy)
    rows = _rows(matrix, target, user, today)
    at = int(np.searchsorted(matrix.ids, entry.pk))
    if at >= len(matrix) or matrix.ids[at] != entry.pk or not np.isin(at, rows):
        return None
    scored = scoring.score(matrix, target, today, np.array([at], dtype=np.int64))
    names = {col: code for code, col in matrix.codes.items()}
    levels = {names[c]: int(v) for c, v in enumerate(matrix.levels[at]) if v}
    return Ranked(
        rank=0,
        entry=entry,
        fit=float(scored.fit[0]),
        competency=float(scored.competency[0]),
        level=float(scored.level[0]),
        region=float(scored.region[0]),
        days=int(scoring.day_number(today) - matrix.started[at]),
        gaps=scoring.gaps(levels, target.requirements),
    )


def _rows(matrix: ReserveMatrix, target: Target, user: Any, today: dt.date) -> Any:
    rows = scoring.rows_for(matrix, target, today)
    mask = selectors.visible_rows(matrix, user) if user is not None else None
    if mask is not None:
        rows = rows[mask[rows]]
    return rows


@dataclass
class Prepared:
    """The candidate set of many vacancies, with what the proposals need to be stored."""

    vacancies: list[Vacancy]
    candidates: Candidates
    matrix: ReserveMatrix
    parts: dict[str, Any]
    targets: list[Target]


def candidates_for(
    user: Any,
    vacancies: list[Vacancy],
    *,
    today: dt.date,
    per_vacancy: int,
    matrix: ReserveMatrix | None = None,
    targets: list[Target] | None = None,
    progress: Any = None,
) -> Prepared:
    """The sparse candidate set: each vacancy's ``k`` best members, ``k`` the number of
    vacancies of its post group (who compete for the same members), at most ``per_vacancy``.

    With ``k`` at least that number the set loses nothing: a member below a vacancy's first
    ``k`` is never in an optimal assignment (of its ``k`` better members one at least is
    left free by the ``k − 1`` other vacancies, and placing them instead fits better), nor
    chosen by greedy (the vacancy takes its best free member before any worse one)."""
    matrix = matrix if matrix is not None else selectors.reserve_matrix()
    targets = targets if targets is not None else selectors.targets_of(vacancies)
    competing = Counter(t.post_group for t in targets)
    mask = selectors.visible_rows(matrix, user) if user is not None else None
    vac: list[Any] = []
    mem: list[Any] = []
    fit: list[Any] = []
    parts: dict[str, list[Any]] = {"competency": [], "level": [], "region": [], "time": []}
    for n, target in enumerate(targets):
        rows = scoring.rows_for(matrix, target, today)
        if mask is not None:
            rows = rows[mask[rows]]
        scored = scoring.score(matrix, target, today, rows)
        best = scoring.top(scored, min(competing[target.post_group], per_vacancy))
        vac.append(np.full(len(best), n, dtype=np.int64))
        mem.append(scored.rows[best])
        fit.append(scored.fit[best].astype(np.float64))
        for name in parts:
            parts[name].append(getattr(scored, name)[best])
        if progress is not None and n % 500 == 0:
            progress(n, len(targets), job_message(gettext_noop("Ranking candidates")))
    empty = np.empty(0)
    return Prepared(
        vacancies=vacancies,
        candidates=Candidates(
            n_vacancies=len(targets),
            vacancy=np.concatenate(vac) if vac else empty.astype(np.int64),
            member=np.concatenate(mem) if mem else empty.astype(np.int64),
            fit=np.concatenate(fit) if fit else empty,
        ),
        matrix=matrix,
        parts={k: (np.concatenate(v) if v else empty) for k, v in parts.items()},
        targets=targets,
    )
