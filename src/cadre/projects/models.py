"""The project office (``docs/projects.md``, decision 0023): programmes group projects; a
project has one accountable owner, a sponsor, a budget in minor units of a currency, a team
(possibly from other bodies: they reach the project by membership, decision 0016), outcome
KPIs of the ``kpi`` app and milestones closed only with evidence. Its status is computed
from these data (``selectors.status_of``), never reported by hand.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, ClassVar

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cadre.core.models import TimeStampedModel
from cadre.core.scoping import ScopedQuerySet
from cadre.kpi.models import Definition, Period
from cadre.orgs.choices import Currency
from cadre.orgs.models import Organisation
from cadre.people.models import Employee
from cadre.portfolio.models import System
from cadre.projects.choices import Evidence, MemberRole, ProjectState


def evidence_storage() -> FileSystemStorage:
    """Milestone evidence is kept under the data directory, never served as public media."""
    return FileSystemStorage(location=Path(settings.DATA_DIR) / "project-evidence", base_url=None)


class Programme(TimeStampedModel):
    """A body's programme: a group of its projects (a digital-transformation programme)."""

    scope_org_path: ClassVar[str | None] = "organisation__path"

    organisation = models.ForeignKey(
        Organisation, verbose_name=_("body"), on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(_("name"), max_length=255)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "name"],
                name="projects_programme_name_once",
                violation_error_message=_("The body has a programme of this name already."),
            )
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("projects:programme_detail", args=[self.pk])


# ``(projects, day) → {id: status}``: the rule of ``cadre.projects.status``, which sets it
# when imported (it reads these models, so they do not import it).
status_source: Callable[[list[Any], dt.date], dict[int, Any]] | None = None


class ProjectQuerySet(ScopedQuerySet):
    """Projects that, with ``with_status(today)``, carry their computed status
    (``project.status_info``, a ``status.ProjectStatus``) once fetched — in bulk, for the
    rows of a page or each chunk of an export."""

    _status_day: dt.date | None = None

    def with_status(self, today: dt.date) -> ProjectQuerySet:
        qs = self.select_related("organisation")
        qs._status_day = today
        return qs

    def _clone(self) -> ProjectQuerySet:
        clone: ProjectQuerySet = super()._clone()  # type: ignore[misc]
        clone._status_day = self._status_day
        return clone

    def _attach(self, rows: list[Any]) -> None:
        if self._status_day is None or not rows or not isinstance(rows[0], Project):
            return
        assert status_source is not None, "cadre.projects.status sets it when imported"
        found = status_source(rows, self._status_day)
        for row in rows:
            row.status_info = found[row.pk]

    def _fetch_all(self) -> None:
        fetched = self._result_cache is not None
        super()._fetch_all()
        if not fetched and self._result_cache:
            self._attach(self._result_cache)

    def iterator(self, chunk_size: int | None = None) -> Iterator[Any]:
        if self._status_day is None:
            yield from super().iterator(chunk_size=chunk_size)
            return
        batch: list[Any] = []
        for row in super().iterator(chunk_size=chunk_size or 2000):
            batch.append(row)
            if len(batch) >= (chunk_size or 2000):
                self._attach(batch)
                yield from batch
                batch = []
        self._attach(batch)
        yield from batch


class Project(TimeStampedModel):
    """A project of a body, with one accountable owner (a person within the body's scope)."""

    scope_org_path: ClassVar[str | None] = "organisation__path"
    scope_member_field: ClassVar[str | None] = "members__employee__user"
    scope_many: ClassVar[bool] = True

    objects = ProjectQuerySet.as_manager()  # type: ignore[misc]

    name = models.CharField(_("name"), max_length=255)
    goal = models.TextField(_("goal"))
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("body"), on_delete=models.PROTECT, related_name="+"
    )
    programme = models.ForeignKey(
        Programme,
        verbose_name=_("programme"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="projects",
    )
    owner = models.ForeignKey(
        Employee, verbose_name=_("accountable owner"), on_delete=models.PROTECT, related_name="+"
    )
    sponsor = models.ForeignKey(
        Employee,
        verbose_name=_("sponsor"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    start = models.DateField(_("start"))
    planned_end = models.DateField(_("planned end"))
    budget = models.BigIntegerField(_("budget (minor units)"))
    currency = models.CharField(_("currency"), max_length=3, choices=Currency.choices)
    state = models.CharField(
        _("state"), max_length=10, choices=ProjectState.choices, default=ProjectState.DRAFT
    )
    # An IT project's entry in the IT portfolio (``cadre.portfolio``), one project per entry.
    it_system = models.OneToOneField(
        System,
        verbose_name=_("IT portfolio entry"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(budget__gt=0),
                name="projects_project_budget_positive",
                violation_error_message=_("A budget is more than zero."),
            ),
            models.CheckConstraint(
                condition=Q(planned_end__gte=models.F("start")),
                name="projects_project_ends_after_start",
                violation_error_message=_("A project cannot end before it starts."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("projects:project_detail", args=[self.pk])


class Member(models.Model):
    """A person on a project's team (the owner and the sponsor are members too); a member
    from another body reaches the project and nothing else of its body."""

    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="members"
    )
    employee = models.ForeignKey(
        Employee, verbose_name=_("employee"), on_delete=models.PROTECT, related_name="+"
    )
    role = models.CharField(_("role"), max_length=10, choices=MemberRole.choices)

    class Meta:
        verbose_name = _("team member")
        verbose_name_plural = _("team members")
        constraints = [
            models.UniqueConstraint(
                fields=["project", "employee"],
                name="projects_member_once",
                violation_error_message=_("This person is on the team already."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.employee} · {self.get_role_display()}"


class OutcomeKpi(models.Model):
    """A KPI of the ``kpi`` app the project answers for, with its target in a period."""

    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="kpis"
    )
    definition = models.ForeignKey(
        Definition, verbose_name=_("KPI"), on_delete=models.PROTECT, related_name="+"
    )
    period = models.ForeignKey(
        Period, verbose_name=_("period"), on_delete=models.PROTECT, related_name="+"
    )
    target = models.DecimalField(_("target"), max_digits=18, decimal_places=4)

    class Meta:
        verbose_name = _("outcome KPI")
        verbose_name_plural = _("outcome KPIs")
        constraints = [
            models.UniqueConstraint(
                fields=["project", "definition", "period"],
                name="projects_kpi_once",
                violation_error_message=_("The project has this KPI for the period already."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.definition.code} · {self.period}"


class Milestone(models.Model):
    """A milestone with its due date, closed only with evidence: a file, a link, or a
    Cadre event (a registered measure over the project's body reaching a threshold)."""

    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="milestones"
    )
    name = models.CharField(_("name"), max_length=255)
    due = models.DateField(_("due"))
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("closed by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    evidence_kind = models.CharField(
        _("evidence"), max_length=5, choices=Evidence.choices, blank=True
    )
    evidence_file = models.FileField(
        _("evidence file"), upload_to="%Y/%m/", storage=evidence_storage, blank=True
    )
    evidence_link = models.URLField(_("evidence link"), max_length=500, blank=True)
    event_measure = models.CharField(_("measure"), max_length=64, blank=True)
    event_threshold = models.DecimalField(
        _("at least"), max_digits=18, decimal_places=4, null=True, blank=True
    )
    event_value = models.DecimalField(
        _("measured value"), max_digits=18, decimal_places=4, null=True, blank=True
    )
    # When the owner was reminded that it falls due soon, and that it is overdue: once each.
    reminded_soon_at = models.DateTimeField(
        _("reminded that it falls due"), null=True, blank=True, editable=False
    )
    reminded_overdue_at = models.DateTimeField(
        _("reminded that it is overdue"), null=True, blank=True, editable=False
    )

    class Meta:
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        ordering = ["due", "pk"]
        indexes = [models.Index(fields=["project", "due"], name="projects_milestone_due")]
        constraints = [
            models.CheckConstraint(
                condition=Q(closed_on__isnull=True) | ~Q(evidence_kind=""),
                name="projects_milestone_closed_with_evidence",
                violation_error_message=_("A milestone is closed only with evidence."),
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def closed_late(self) -> bool:
        return self.closed_on is not None and self.closed_on > self.due
