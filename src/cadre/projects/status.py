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
(a handful of queries for any number of projects: the milestones that can make them
late or at risk, the KPI links, kpi's actuals), so it is never stale.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import F, OuterRef, Q, Subquery
from django.utils.translation import gettext as _

from cadre.core.measures import measure_get
from cadre.kpi import selectors as kpi_selectors
from cadre.kpi.choices import Direction, Source
from cadre.kpi.models import Definition, Period
from cadre.orgs.models import Organisation
from cadre.projects import models as project_models
from cadre.projects.choices import ProjectState, Status
from cadre.projects.models import Milestone, OutcomeKpi, Project

# A milestone due within this many days is at risk when the one before it closed late.
AT_RISK_DAYS = 14
# An outcome KPI achieved below this share of its target puts the project at risk.
AT_RISK_ACHIEVEMENT = Decimal("0.9")
CAP = Decimal("1.5")
PLACES = Decimal("0.0001")


@dataclass(frozen=True)
class Link:
    """An outcome KPI of a project (``OutcomeKpi``) as the rule reads it."""

    pk: int
    project_id: int
    definition: Any
    period: Any
    target: Decimal


@dataclass
class KpiReading:
    """An outcome KPI as read now: its actual, the achievement against the project's
    target (a fraction, 1 = 100 %, capped at 150 %) and the previous period's actual."""

    link: Link
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


@dataclass(frozen=True)
class Row:
    """What the rule reads of a project (fetched as plain values for a whole portfolio)."""

    pk: int
    state: str
    planned_end: dt.date
    organisation_id: int


class _Values:
    """The actual of (definition, period, body): the body's unit-level assignment's actual
    in the ``kpi`` app, or for a measured KPI without one, its measure over the body."""

    def __init__(self, keys: set[tuple[int, int, int]], today: dt.date) -> None:
        self.today = today
        self.stored = kpi_selectors.unit_actuals(keys)
        self.measured: dict[tuple[int, int, int], Decimal | None] = {}

    def get(self, definition: Any, period: Any, body_id: int) -> Decimal | None:
        key = (definition.pk, period.pk, body_id)
        if key in self.stored:
            return Decimal(self.stored[key])
        if definition.origin != Source.MEASURE or period.start > self.today:
            return None
        if key not in self.measured:
            entry = measure_get(definition.measure)
            end = min(period.end, self.today)
            body = Organisation.objects.get(pk=body_id)
            result = (
                entry.compute(organisation=body, start=period.start, end=end) if entry else None
            )
            self.measured[key] = result.value if result is not None else None
        return self.measured[key]


def _of(model: Any, ids: Iterable[int], scope: Any) -> Any:
    """``model`` rows of these projects: by a subquery of ``scope`` (a whole portfolio),
    else by their ids."""
    if scope is not None:
        return model.objects.filter(project__in=scope.values("pk"))
    return model.objects.filter(project_id__in=list(ids))


def kpi_readings(
    rows: dict[int, Row], today: dt.date, scope: Any = None
) -> dict[int, list[KpiReading]]:
    """Each project's outcome KPIs as read now, with the period before for the trend."""
    found = list(
        _of(OutcomeKpi, rows, scope).values_list(
            "pk", "project_id", "definition_id", "period_id", "target"
        )
    )
    found = [f for f in found if f[1] in rows]
    if not found:
        return {}
    definitions = {d.pk: d for d in Definition.objects.filter(pk__in={f[2] for f in found})}
    periods = {p.pk: p for p in Period.objects.filter(pk__in={f[3] for f in found})}
    before = {pk: kpi_selectors.period_before(p) for pk, p in periods.items()}
    keys: set[tuple[int, int, int]] = set()
    for _pk, project_id, definition_id, period_id, _t in found:
        body = rows[project_id].organisation_id
        keys.add((definition_id, period_id, body))
        previous = before[period_id]
        if previous is not None:
            keys.add((definition_id, previous.pk, body))
    values = _Values(keys, today)
    out: dict[int, list[KpiReading]] = defaultdict(list)
    found.sort(key=lambda f: (definitions[f[2]].code, periods[f[3]].start, f[0]))
    for pk, project_id, definition_id, period_id, target in found:
        definition, period = definitions[definition_id], periods[period_id]
        link = Link(pk, project_id, definition, period, target)
        body = rows[project_id].organisation_id
        reading = KpiReading(link=link, value=values.get(definition, period, body))
        if reading.value is not None:
            reading.achievement = achievement(reading.value, target, definition.direction)
        if before[period_id] is not None:
            reading.previous = values.get(definition, before[period_id], body)
        out[project_id].append(reading)
    return out


@dataclass(frozen=True)
class Open:
    """A milestone not closed that is due by the horizon, with the milestone before it
    when that one closed late."""

    name: str
    due: dt.date
    previous: str | None
    previous_due: dt.date | None
    previous_closed: dt.date | None


def _milestones(rows: dict[int, Row], today: dt.date, scope: Any = None) -> dict[int, list[Open]]:
    """Of the active projects among ``rows``, the milestones that can make them late or at
    risk — not closed, due by ``today + AT_RISK_DAYS`` — each with the one before it (by
    due date) when that one closed late. Two queries whose answers are small however many
    milestones there are: the open ones with the id of the one before (a subquery on the
    index by project and due date), then those of the ones before that closed late."""
    before = Milestone.objects.filter(project_id=OuterRef("project_id")).filter(
        Q(due__lt=OuterRef("due")) | Q(due=OuterRef("due"), pk__lt=OuterRef("pk"))
    )
    open_ = list(
        _of(Milestone, rows, scope)
        .filter(
            project__state=ProjectState.ACTIVE,
            closed_on__isnull=True,
            due__lte=today + dt.timedelta(days=AT_RISK_DAYS),
        )
        .annotate(previous=Subquery(before.order_by("-due", "-pk").values("pk")[:1]))
        .order_by("project_id", "due", "pk")
        .values_list("project_id", "name", "due", "previous")
    )
    wanted = {previous for _p, _n, due, previous in open_ if previous and due >= today}
    late: dict[int, tuple[str, dt.date, Any]] = {}
    if wanted:
        closed_late = Milestone.objects.filter(pk__in=wanted, closed_on__gt=F("due"))
        for pk, name, due, closed_on in closed_late.values_list("pk", "name", "due", "closed_on"):
            late[pk] = (name, due, closed_on)
    out: dict[int, list[Open]] = defaultdict(list)
    for project_id, name, due, previous in open_:
        found = late.get(previous) if due >= today else None
        out[project_id].append(Open(name, due, *(found or (None, None, None))))
    return out


def _status(
    project: Row,
    milestones: list[Open],
    kpis: list[KpiReading],
    today: dt.date,
    explain: bool = True,
) -> ProjectStatus:
    if project.state != ProjectState.ACTIVE:
        return ProjectStatus(kpis=kpis)
    risk: list[str] = []
    late: list[str] = [
        _("Milestone “%(name)s” was due on %(due)s and is not closed.")
        % {"name": m.name, "due": m.due.isoformat()}
        if explain
        else ""
        for m in milestones
        if m.due < today
    ]
    if project.planned_end < today:
        late.append(
            _("The planned end, %(date)s, has passed.") % {"date": project.planned_end.isoformat()}
            if explain
            else ""
        )
    if late:
        return ProjectStatus(Status.LATE, late if explain else [], kpis)
    for m in milestones:
        closed, due = m.previous_closed, m.previous_due
        if m.due >= today and closed is not None and due is not None and closed > due:
            risk.append(
                _(
                    "Milestone “%(name)s” is due on %(due)s and the one before it, "
                    "“%(previous)s”, closed %(days)s days late."
                )
                % {
                    "name": m.name,
                    "due": m.due.isoformat(),
                    "previous": m.previous,
                    "days": (closed - due).days,
                }
                if explain
                else ""
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
                if explain
                else ""
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
                if explain
                else ""
            )
    if risk:
        return ProjectStatus(Status.AT_RISK, risk if explain else [], kpis)
    return ProjectStatus(Status.ON_TRACK, [], kpis)


def compute(
    rows: Iterable[Row], today: dt.date, *, scope: Any = None, explain: bool = True
) -> dict[int, ProjectStatus]:
    """The status of each project on ``today``, in bulk: ``scope``, the queryset the rows
    came from, lets a whole portfolio's milestones and KPIs be read by a subquery;
    ``explain=False`` leaves out the reasons (a roll-up counts, it does not explain)."""
    by_id = {r.pk: r for r in rows}
    milestones = _milestones(by_id, today, scope)
    kpis = kpi_readings(by_id, today, scope)
    return {
        pk: _status(row, milestones.get(pk, []), kpis.get(pk, []), today, explain)
        for pk, row in by_id.items()
    }


def row_of(project: Project) -> Row:
    return Row(project.pk, project.state, project.planned_end, project.organisation_id)


def statuses(projects: Iterable[Project], today: dt.date) -> dict[int, ProjectStatus]:
    """The status of each of these projects on ``today``, with its reasons."""
    return compute([row_of(p) for p in projects], today)


project_models.status_source = statuses
