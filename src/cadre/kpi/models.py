"""Digital KPIs: the periods they are measured over and each person's achievement in a
period (``docs/pay.md``). Pay reads achievements through ``cadre.kpi.selectors``.
"""

from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from cadre.core.scoping import ScopedModel
from cadre.people.models import Employee


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


class Achievement(ScopedModel):
    """A person's weighted KPI achievement in a period, as last computed: ``total`` is a
    fraction (``1.0000`` = 100 %); ``lines`` explains it KPI by KPI (each with its weight,
    actual, threshold / target / stretch, achievement and where the actual came from)."""

    scope_org_path: ClassVar[str | None] = "employee__organisation__path"
    scope_self_field: ClassVar[str | None] = "employee__user"

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
