"""Digital KPIs: the periods they are measured over and each person's achievement in a
period (``docs/pay.md``). Pay reads achievements through ``cadre.kpi.selectors``.
"""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cadre.core.models import TimeStampedModel
from cadre.core.scoping import ScopedModel
from cadre.core.translated import pick
from cadre.kpi.choices import Direction, Source, Unit
from cadre.orgs.models import Organisation
from cadre.people.models import Employee, placed_q


class PeriodKind(models.TextChoices):
    QUARTER = "quarter", _("Quarter")
    YEAR = "year", _("Year")


class Period(models.Model):
    """A national measurement period (``2026-Q1``, ``2026``); its KPI set is frozen when it
    opens (``frozen_at``)."""

    code = models.CharField(_("code"), max_length=16, unique=True)
    kind = models.CharField(_("kind"), max_length=10, choices=PeriodKind.choices)
    start = models.DateField(_("from"))
    end = models.DateField(_("until"))
    frozen_at = models.DateTimeField(_("frozen at"), null=True, blank=True)

    class Meta:
        verbose_name = _("period")
        verbose_name_plural = _("periods")
        ordering = ["-start", "kind"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gte=models.F("start")),
                name="kpi_period_ends_after_start",
                violation_error_message=_("A period cannot end before it starts."),
            ),
        ]

    def __str__(self) -> str:
        return self.code

    def get_absolute_url(self) -> str:
        return reverse("kpi:mine") + f"?period={self.code}"


class Definition(TimeStampedModel):
    """A KPI, versioned: a version that an assignment uses is never edited; a change is a
    new version of the same code (``definition_revise``). Kept by a body (``owner``); the
    national ones are kept at the country and seen by every body under it."""

    scope_org_path: ClassVar[str | None] = "owner__path"
    scope_view_ancestors: ClassVar[bool] = True

    owner = models.ForeignKey(
        Organisation, verbose_name=_("kept by"), on_delete=models.PROTECT, related_name="+"
    )
    code = models.CharField(_("code"), max_length=64)
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    names = models.JSONField(_("name"), default=dict)
    unit = models.CharField(_("unit"), max_length=10, choices=Unit.choices)
    direction = models.CharField(_("direction"), max_length=6, choices=Direction.choices)
    period_kind = models.CharField(_("period kind"), max_length=10, choices=PeriodKind.choices)
    origin = models.CharField(_("source"), max_length=10, choices=Source.choices)
    measure = models.CharField(
        _("measure"),
        max_length=64,
        blank=True,
        help_text=_("For a measured KPI: the measure its actual is computed by."),
    )

    class Meta:
        verbose_name = _("KPI definition")
        verbose_name_plural = _("KPI definitions")
        ordering = ["code", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["code", "version"],
                name="kpi_definition_version_once",
                violation_error_message=_("This version of the KPI exists already."),
            ),
            models.CheckConstraint(
                condition=(Q(origin=Source.MEASURE) & ~Q(measure=""))
                | (~Q(origin=Source.MEASURE) & Q(measure="")),
                name="kpi_definition_measure_iff_measured",
                violation_error_message=_("A measured KPI names its measure; others name none."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} v{self.version} — {pick(self.names)}"

    @property
    def name(self) -> str:
        return pick(self.names)

    def get_absolute_url(self) -> str:
        return reverse("kpi:definition_detail", args=[self.pk])


class Assignment(TimeStampedModel):
    """A KPI given to a person or to a unit or body (``employee`` empty) for a period, with
    its threshold / target / stretch (in the order of the direction) and its weight in per
    cent of the holder's set. ``parent`` links it up the cascade (a body's KPI → its units'
    → their people's)."""

    scope_org_path: ClassVar[str | None] = "organisation__path"
    scope_self_field: ClassVar[str | None] = "employee__user"

    definition = models.ForeignKey(
        Definition, verbose_name=_("KPI"), on_delete=models.PROTECT, related_name="assignments"
    )
    period = models.ForeignKey(
        Period, verbose_name=_("period"), on_delete=models.PROTECT, related_name="assignments"
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The unit or body the KPI is given to, or the person's organisation."),
    )
    employee = models.ForeignKey(
        Employee,
        verbose_name=_("employee"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("cascaded from"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    threshold = models.DecimalField(_("threshold"), max_digits=18, decimal_places=4)
    target = models.DecimalField(_("target"), max_digits=18, decimal_places=4)
    stretch = models.DecimalField(_("stretch"), max_digits=18, decimal_places=4)
    weight = models.DecimalField(_("weight, %"), max_digits=5, decimal_places=2)

    class Meta:
        verbose_name = _("KPI assignment")
        verbose_name_plural = _("KPI assignments")
        ordering = ["period", "organisation__path", "employee", "definition__code"]
        constraints = [
            models.UniqueConstraint(
                fields=["period", "definition", "employee"],
                condition=Q(employee__isnull=False),
                name="kpi_assignment_once_per_person",
                violation_error_message=_("This KPI is already assigned to the person."),
            ),
            models.UniqueConstraint(
                fields=["period", "definition", "organisation"],
                condition=Q(employee__isnull=True),
                name="kpi_assignment_once_per_unit",
                violation_error_message=_("This KPI is already assigned to the unit."),
            ),
            models.CheckConstraint(
                condition=Q(weight__gt=0) & Q(weight__lte=100),
                name="kpi_assignment_weight_range",
                violation_error_message=_("A weight is more than 0 and at most 100 %."),
            ),
            models.CheckConstraint(
                condition=Q(threshold__lte=models.F("target"), target__lte=models.F("stretch"))
                | Q(threshold__gte=models.F("target"), target__gte=models.F("stretch")),
                name="kpi_assignment_levels_in_order",
                violation_error_message=_("Threshold, target and stretch are out of order."),
            ),
        ]

    def __str__(self) -> str:
        holder = self.employee if self.employee_id else self.organisation
        return f"{self.definition.code} · {holder} · {self.period}"

    def get_absolute_url(self) -> str:
        return reverse("kpi:assignment_detail", args=[self.pk])


def evidence_storage() -> FileSystemStorage:
    """Evidence files are kept under the data directory, never served as public media:
    the actual's page hands them out to whoever may see the actual."""
    return FileSystemStorage(location=Path(settings.DATA_DIR) / "kpi-evidence", base_url=None)


class Actual(TimeStampedModel):
    """The value an assignment reached, and where it came from: measured from Cadre's
    data (``rows``: the model and ids it was computed from), imported from another system
    (its name and the file's SHA-256), or entered by hand with an evidence file and
    confirmed by a second person (it counts only once confirmed). One per assignment."""

    scope_org_path: ClassVar[str | None] = "assignment__organisation__path"
    scope_self_field: ClassVar[str | None] = "assignment__employee__user"
    # Removing an actual changes an achievement that pay may rest on: say why.
    audit_reason_required: ClassVar[frozenset[str]] = frozenset({"delete"})

    assignment = models.OneToOneField(
        Assignment,
        verbose_name=_("KPI assignment"),
        on_delete=models.CASCADE,
        related_name="actual",
        error_messages={"unique": _("This KPI already has an actual for the period.")},
    )
    value = models.DecimalField(_("actual"), max_digits=18, decimal_places=4)
    origin = models.CharField(_("source"), max_length=10, choices=Source.choices)
    source_system = models.CharField(_("source system"), max_length=100, blank=True)
    file_name = models.CharField(_("file"), max_length=200, blank=True)
    file_sha256 = models.CharField(_("file SHA-256"), max_length=64, blank=True)
    evidence = models.FileField(
        _("evidence"), upload_to="%Y/", storage=evidence_storage, blank=True
    )
    rows = models.JSONField(_("source rows"), default=dict, blank=True)
    note = models.CharField(_("note"), max_length=500, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("confirmed by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("KPI actual")
        verbose_name_plural = _("KPI actuals")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(origin=Source.MANUAL) | ~Q(evidence=""),
                name="kpi_actual_manual_has_evidence",
                violation_error_message=_("A manual actual needs an evidence file."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.assignment}: {self.value.normalize():f}"

    @property
    def counts(self) -> bool:
        """Whether the achievement reads it (a manual actual once confirmed)."""
        return self.origin != Source.MANUAL or self.confirmed_at is not None

    def get_absolute_url(self) -> str:
        return reverse("kpi:actual_detail", args=[self.pk])


class Achievement(ScopedModel):
    """A person's weighted KPI achievement in a period, as last computed: ``total`` is a
    fraction (``1.0000`` = 100 %); ``lines`` explains it KPI by KPI (each with its weight,
    actual, threshold / target / stretch, achievement and where the actual came from)."""

    scope_org_path: ClassVar[str | None] = "employee__organisation__path"
    scope_self_field: ClassVar[str | None] = "employee__user"

    @staticmethod
    def scope_subtree_extra(path: str, action: str) -> Q:
        """Whoever may view a subtree (its HR, the head of a unit) also sees the
        achievements of the people who count there (their main post in force is in it)
        though their books are kept elsewhere."""
        if action not in ("view", "aggregate"):
            return Q(pk__in=[])
        return Q(employee__in=Employee.objects.filter(placed_q(path)).values("pk"))

    employee = models.ForeignKey(
        Employee, verbose_name=_("employee"), on_delete=models.CASCADE, related_name="+"
    )
    period = models.ForeignKey(
        Period, verbose_name=_("period"), on_delete=models.PROTECT, related_name="achievements"
    )
    total = models.DecimalField(_("achievement"), max_digits=7, decimal_places=4)
    lines = models.JSONField(_("lines"), default=list)
    computed_at = models.DateTimeField(_("computed at"))

    class Meta:
        verbose_name = _("achievement")
        verbose_name_plural = _("achievements")
        constraints = [
            models.UniqueConstraint(
                fields=["period", "employee"], name="kpi_achievement_one_per_period"
            ),
            models.CheckConstraint(condition=Q(total__gte=0), name="kpi_achievement_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.employee} — {self.period}: {self.total}"

    def get_absolute_url(self) -> str:
        return reverse("kpi:achievement_detail", args=[self.pk])
