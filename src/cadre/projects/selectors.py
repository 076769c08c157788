"""What the pages and the API read of the project office: projects and programmes scoped
to the reader (members of other bodies reach the projects they are on), a project's
history, and the portfolio roll-ups (``docs/projects.md``)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from cadre.core.access import access
from cadre.core.models import AuditEvent
from cadre.kpi.models import Definition, Period
from cadre.orgs.models import Organisation
from cadre.people.models import Employee
from cadre.projects.choices import ProjectState, Status
from cadre.projects.models import Member, Milestone, Programme, Project, ProjectQuerySet
from cadre.projects.status import ProjectStatus, Row, compute, statuses


def today() -> dt.date:
    return timezone.localdate()


def projects(user: Any, action: str = "view") -> ProjectQuerySet:
    """The projects ``user`` may act on (``None``: every one, for a scoped field)."""
    qs: ProjectQuerySet = Project.objects.all()
    return qs if user is None else qs.restrict(user, action)


def project_for(user: Any, pk: Any) -> Project:
    """One project the user may see (its body's office, a member of its team), else 404."""
    return access(
        Project.objects.select_related("organisation", "programme", "owner", "sponsor"), user, pk
    )


def programmes(user: Any, action: str = "view") -> QuerySet[Programme]:
    qs = Programme.objects.all()
    return qs if user is None else qs.restrict(user, action)


def organisations(user: Any, action: str = "view") -> QuerySet[Organisation]:
    qs = Organisation.objects.all()
    return qs if user is None else qs.restrict(user, action)


def employees(user: Any, action: str = "view") -> QuerySet[Employee]:
    """People ``user`` may name as owner, sponsor or team member (those they see)."""
    qs = Employee.objects.all()
    return qs if user is None else qs.restrict(user, action)


def definitions(user: Any) -> QuerySet[Definition]:
    qs = Definition.objects.all()
    return qs if user is None else qs.restrict(user, "view")


def periods() -> QuerySet[Period]:
    return Period.objects.all()


def status_of(project: Project, on: dt.date | None = None) -> ProjectStatus:
    """The project's status with its reasons and its outcome KPIs as read now."""
    return statuses([project], on or today())[project.pk]


def team(project: Project) -> list[Member]:
    return list(
        Member.objects.filter(project=project)
        .select_related("employee")
        .order_by("role", "employee__last_name", "employee__first_name")
    )


def milestones(project: Project) -> list[Milestone]:
    return list(Milestone.objects.filter(project=project).select_related("closed_by"))


def milestone_for(user: Any, pk: Any) -> Milestone:
    """A milestone of a project the user may see, else 404."""
    from django.http import Http404

    project_ids = projects(user).values("pk")
    milestone = (
        Milestone.objects.filter(pk=pk, project__in=project_ids)
        .select_related("project__organisation", "project__owner")
        .first()
        if str(pk).isdigit()
        else None
    )
    if milestone is None:
        raise Http404
    return milestone


def history(project: Project, limit: int = 200) -> list[AuditEvent]:
    """Every change of the project and its parts (team, KPIs, milestones), newest first:
    whoever may view the project reads it."""
    return list(
        AuditEvent.objects.filter(object_type="projects.project", object_id=str(project.pk))
        .select_related("actor")
        .order_by("-occurred_at", "-pk")[:limit]
    )


# --- the portfolio -------------------------------------------------------------------------


@dataclass
class Rollup:
    """Counts by status (running projects) and by state, budgets per currency (exact, in
    minor units) and the mean achievement of the outcome KPIs that have an actual."""

    name: str = ""
    projects: int = 0
    by_status: dict[str, int] = field(default_factory=lambda: dict.fromkeys(Status.values, 0))
    by_state: dict[str, int] = field(default_factory=lambda: dict.fromkeys(ProjectState.values, 0))
    budgets: dict[str, int] = field(default_factory=dict)
    achievements: list[Decimal] = field(default_factory=list)

    @property
    def achievement(self) -> Decimal | None:
        if not self.achievements:
            return None
        mean = sum(self.achievements, Decimal(0)) / len(self.achievements)
        return mean.quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP)

    def status_rows(self) -> list[tuple[str, Any, int]]:
        return [(s, label, self.by_status[s]) for s, label in Status.choices]

    def state_rows(self) -> list[tuple[str, Any, int]]:
        return [(s, label, self.by_state[s]) for s, label in ProjectState.choices]

    def budget_rows(self) -> list[tuple[str, int]]:
        return sorted(self.budgets.items())


@dataclass
class Portfolio:
    total: Rollup
    programmes: list[Rollup]


def portfolio(
    user: Any, *, organisation: Organisation | None = None, on: dt.date | None = None
) -> Portfolio:
    """The portfolio of the projects ``user`` may see (under ``organisation`` when given:
    a body's portfolio; else the national one), rolled up in total and per programme."""
    qs = projects(user)
    if organisation is not None:
        qs = qs.filter(organisation__path__startswith=organisation.path)
    total = Rollup()
    groups: dict[int | None, Rollup] = {}
    # One read of the projects: the budgets are summed here, per currency, exact.
    rows = list(
        qs.order_by().values_list(
            "pk", "state", "planned_end", "organisation_id", "programme_id", "budget", "currency"
        )
    )
    found = compute(
        [Row(pk, state, end, org) for pk, state, end, org, *_rest in rows],
        on or today(),
        scope=qs,
        explain=False,
    )
    for pk, state, _end, _org, programme_id, budget, currency in rows:
        group = groups.get(programme_id) or groups.setdefault(programme_id, Rollup())
        status = found[pk]
        for rollup in (group, total):
            rollup.projects += 1
            rollup.by_state[state] += 1
            rollup.budgets[currency] = rollup.budgets.get(currency, 0) + budget
            if status.status:
                rollup.by_status[status.status] += 1
            rollup.achievements.extend(
                k.achievement for k in status.kpis if k.achievement is not None
            )
    names = dict(
        Programme.objects.filter(pk__in=[k for k in groups if k]).values_list("pk", "name")
    )
    ordered: list[Rollup] = []
    for key in sorted(groups, key=lambda k: (k is None, names.get(k, "") if k else "")):
        groups[key].name = names.get(key, "") if key else ""
        ordered.append(groups[key])
    return Portfolio(total=total, programmes=ordered)


def by_status(qs: ProjectQuerySet, status: str, on: dt.date | None = None) -> ProjectQuerySet:
    """The projects of ``qs`` whose computed status is ``status``."""
    rows = [
        Row(*values)
        for values in qs.order_by().values_list("pk", "state", "planned_end", "organisation_id")
    ]
    found = compute(rows, on or today(), scope=qs, explain=False)
    return qs.filter(pk__in=[pk for pk, s in found.items() if s.status == status])
