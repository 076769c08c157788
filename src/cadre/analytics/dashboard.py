"""What a dashboard of the country, a region or a body shows, read through the other apps'
selectors and scoped to the user (decision 0037). Every figure is precomputed somewhere:
the registry figures (``people``' stored figures), the gap cells, the ratings' monthly
tallies, the measure snapshots of analytics — so a country's page costs the same handful
of queries as a body's."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone

from cadre.analytics import selectors
from cadre.assessments import selectors as assessments
from cadre.core.fields import subtree_q
from cadre.core.permissions import DataClass, can_at, sees_class
from cadre.ethics import selectors as ethics
from cadre.learning import selectors as learning
from cadre.orgs.choices import TERRITORY_KINDS, OrgKind
from cadre.orgs.models import Organisation
from cadre.pay import selectors as pay
from cadre.people import selectors as people
from cadre.projects import selectors as projects
from cadre.ratings import selectors as ratings
from cadre.talent import selectors as talent

TREND_MONTHS = 12


def scale_of(org: Organisation) -> str:
    if org.kind == OrgKind.COUNTRY:
        return "country"
    if org.kind in TERRITORY_KINDS:
        return "region"
    return "body"


@dataclass
class Dashboard:
    root: Organisation
    scale: str
    trail: list[Organisation]
    children: list[Organisation]
    registry: Any
    child_registry: list[Any]
    measures: dict[str, float | None]
    period: dt.date | None
    gaps: list[Any]
    targets: list[Any]
    targets_count: int
    runs: list[Any]
    tallies: list[dict[str, Any]]
    reserve: int
    vacancies: int
    projects_count: int
    projects_list: list[Any] = field(default_factory=list)
    # None unless the user sees the ethics data class over the root (then nothing is shown).
    ethics: Any = None


def build(user: Any, root: Organisation) -> Dashboard:
    visible = selectors.visible_organisations(user)
    trail = list(visible.filter(pk__in=[int(i) for i in root.path.strip("/").split("/")[:-1]]))
    children = list(visible.filter(parent=root).order_by("name")[:60])
    total, parts = people.indicator_breakdown(user=user, root=root, children=children)
    known = selectors.periods(user, root)
    period = known[0] if known else None
    measures = selectors.measure_totals(user, root, period)
    since = (timezone.localdate() - dt.timedelta(days=31 * TREND_MONTHS)).replace(day=1)
    targets = learning.targets_under(user, root.path)
    project_qs = projects.projects(user).filter(subtree_q("organisation__path", root.path))
    return Dashboard(
        root=root,
        scale=scale_of(root),
        trail=trail,
        children=children,
        registry=total,
        child_registry=parts,
        measures=measures,
        period=period,
        gaps=assessments.gap_summary(user, root),
        targets=list(targets[:10]),
        targets_count=targets.count(),
        runs=pay.approved_runs_under(user, root.path),
        # Counts of citizens' ratings only where the user reads ratings over this root (a
        # role over one unit sees the dashboard of its parent body, not its ratings).
        tallies=(
            ratings.month_tallies_under(root.path, since)
            if can_at(user, "ratings.rating", "view", root.path)
            else []
        ),
        reserve=talent.entries(user).filter(subtree_q("organisation__path", root.path)).count(),
        vacancies=talent.open_vacancies(user, within=root).count(),
        projects_count=project_qs.count(),
        projects_list=list(project_qs.order_by("name")[:10]),
        ethics=(
            ethics.summary_under(user, root.path, today=timezone.localdate())
            if sees_class(user, DataClass.ETHICS, root.path)
            else None
        ),
    )
