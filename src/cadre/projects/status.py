"""Status from data, not from reports (decision 0023, ``docs/projects.md``).

For an **active** project, on ``today``:

* **late** when a milestone is past its due date and not closed, or the planned end has
  passed;
* else **at risk** when a milestone not closed falls due within ``AT_RISK_DAYS`` and the
  milestone before it was closed after its own due date, or an outcome KPI's achievement
  is below ``AT_RISK_ACHIEVEMENT``, or lower than in the period before (a falling trend);
* else **on track**.

A draft, closed or cancelled project has no status. Each status comes with its reasons:
the milestones and KPIs that made it so. Nothing is stored: the status is computed in bulk
(two queries for any number of projects, plus kpi's actuals), so it is never stale.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.utils.translation import gettext as _

from cadre.core.measures import measure_get
from cadre.kpi import selectors as kpi_selectors
from cadre.kpi.choices import Direction, Source
from cadre.projects.choices import ProjectState, Status
from cadre.projects.models import Milestone, OutcomeKpi, Project

# A milestone due within this many days is at risk when the one before it closed late.
AT_RISK_DAYS = 14
# An outcome KPI achieved below this share of its target puts the project at risk.
AT_RISK_ACHIEVEMENT = Decimal("0.9")
CAP = Decimal("1.5")
PLACES = Decimal("0.0001")


@dataclass
class KpiReading:
    """An outcome KPI as read now: its actual, the achievement against the project's
    target (a fraction, 1 = 100 %, capped at 150 %) and the previous period's actual."""

    link: OutcomeKpi
    value: Decimal | None = None
    achievement: Decimal | None = None
    previous: Decimal | None = None

    @property
    def falling(self) -> bool:
        if self.value is None or self.previous is None:
            return False
        lower = self.link.definition.direction == Direction.LOWER
        return self.value > self.previous if lower else self.value < self.previous


@dataclass
class ProjectStatus:
    status: str | None = None
    reasons: list[str] = field(default_factory=list)
    kpis: list[KpiReading] = field(default_factory=list)

    @property
    def label(self) -> str:
        return str(dict(Status.choices).get(self.status, "")) if self.status else ""


def achievement(value: Decimal, target: Decimal, direction: str) -> Decimal:
    """``value / target`` (higher is better) or ``target / value`` (lower is better),
    capped at 150 %, 4 places."""
    if direction == Direction.LOWER:
        share = CAP if value <= 0 else target / value
    else:
        share = value / target
    return min(share, CAP).quantize(PLACES, rounding=ROUND_HALF_UP)


class _Values:
    """The actual of (definition, period, body): the body's unit-level assignment's actual
    in the ``kpi`` app, or for a measured KPI without one, its measure over the body."""

    def __init__(self, keys: set[tuple[Any, Any, Any]], today: dt.date) -> None:
        self.today = today
        self.stored = kpi_selectors.unit_actuals({(d.pk, p.pk, o.pk) for d, p, o in keys})
        self.measured: dict[tuple[int, int, int], Decimal | None] = {}

    def get(self, definition: Any, period: Any, body: Any) -> Decimal | None:
        key = (definition.pk, period.pk, body.pk)
        if key in self.stored:
            return Decimal(self.stored[key])
        if definition.origin != Source.MEASURE or period.start > self.today:
            return None
        if key not in self.measured:
            entry = measure_get(definition.measure)
            end = min(period.end, self.today)
            result = (
                entry.compute(organisation=body, start=period.start, end=end) if entry else None
            )
            self.measured[key] = result.value if result is not None else None
        return self.measured[key]


def kpi_readings(projects: list[Project], today: dt.date) -> dict[int, list[KpiReading]]:
    """Each project's outcome KPIs as read now, with the period before for the trend."""
    by_id = {p.pk: p for p in projects}
    links = list(
        OutcomeKpi.objects.filter(project_id__in=list(by_id))
        .select_related("definition", "period")
        .order_by("definition__code", "period__start")
    )
    before: dict[int, Any] = {}
    for link in links:
        if link.period_id not in before:
            before[link.period_id] = kpi_selectors.period_before(link.period)
    keys: set[tuple[Any, Any, Any]] = set()
    for link in links:
        body = by_id[link.project_id].organisation
        keys.add((link.definition, link.period, body))
        if before[link.period_id] is not None:
            keys.add((link.definition, before[link.period_id], body))
    values = _Values(keys, today)
    out: dict[int, list[KpiReading]] = defaultdict(list)
    for link in links:
        body = by_id[link.project_id].organisation
        reading = KpiReading(link=link, value=values.get(link.definition, link.period, body))
        if reading.value is not None:
            reading.achievement = achievement(reading.value, link.target, link.definition.direction)
        previous = before[link.period_id]
        if previous is not None:
            reading.previous = values.get(link.definition, previous, body)
        out[link.project_id].append(reading)
    return out


def _milestones(project_ids: Iterable[int]) -> dict[int, list[tuple[str, dt.date, Any]]]:
    rows = Milestone.objects.filter(project_id__in=list(project_ids)).order_by(
        "project_id", "due", "pk"
    )
    out: dict[int, list[tuple[str, dt.date, Any]]] = defaultdict(list)
    for project_id, name, due, closed_on in rows.values_list(
        "project_id", "name", "due", "closed_on"
    ):
        out[project_id].append((name, due, closed_on))
    return out


def _status(
    project: Project,
    milestones: list[tuple[str, dt.date, Any]],
    kpis: list[KpiReading],
    today: dt.date,
) -> ProjectStatus:
    if project.state != ProjectState.ACTIVE:
        return ProjectStatus(kpis=kpis)
    late: list[str] = []
    risk: list[str] = []
    for name, due, closed_on in milestones:
        if closed_on is None and due < today:
            late.append(
                _("Milestone “%(name)s” was due on %(due)s and is not closed.")
                % {"name": name, "due": due.isoformat()}
            )
    if project.planned_end < today:
        late.append(
            _("The planned end, %(date)s, has passed.") % {"date": project.planned_end.isoformat()}
        )
    horizon = today + dt.timedelta(days=AT_RISK_DAYS)
    for (_n, prev_due, prev_closed), (name, due, closed_on) in itertools.pairwise(milestones):
        if closed_on is None and today <= due <= horizon and prev_closed and prev_closed > prev_due:
            risk.append(
                _(
                    "Milestone “%(name)s” is due on %(due)s and the one before it, "
                    "“%(previous)s”, closed %(days)s days late."
                )
                % {
                    "name": name,
                    "due": due.isoformat(),
                    "previous": _n,
                    "days": (prev_closed - prev_due).days,
                }
            )
    for reading in kpis:
        code = reading.link.definition.code
        if reading.achievement is not None and reading.achievement < AT_RISK_ACHIEVEMENT:
            risk.append(
                _("KPI %(code)s is at %(share)s %% of its target for %(period)s.")
                % {
                    "code": code,
                    "share": f"{(reading.achievement * 100).quantize(Decimal('0.1'))}",
                    "period": reading.link.period.code,
                }
            )
        if reading.falling:
            risk.append(
                _("KPI %(code)s is falling: %(value)s in %(period)s against %(previous)s before.")
                % {
                    "code": code,
                    "value": f"{reading.value.normalize():f}" if reading.value is not None else "",
                    "period": reading.link.period.code,
                    "previous": f"{reading.previous.normalize():f}"
                    if reading.previous is not None
                    else "",
                }
            )
    if late:
        return ProjectStatus(Status.LATE, late, kpis)
    if risk:
        return ProjectStatus(Status.AT_RISK, risk, kpis)
    return ProjectStatus(Status.ON_TRACK, [], kpis)


def statuses(projects: Iterable[Project], today: dt.date) -> dict[int, ProjectStatus]:
    """The status of each project (``organisation`` selected) on ``today``, in bulk."""
    projects = list(projects)
    active = [p for p in projects if p.state == ProjectState.ACTIVE]
    milestones = _milestones(p.pk for p in active)
    kpis = kpi_readings(projects, today)
    return {p.pk: _status(p, milestones.get(p.pk, []), kpis.get(p.pk, []), today) for p in projects}
