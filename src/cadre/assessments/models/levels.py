"""What is known of a person's levels: each piece of evidence, and the proficiency combined
from it."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from cadre.assessments.choices import (
    Instrument,
)
from cadre.competencies.models import Competency, Framework
from cadre.people.models import Employee, EmployeeOwned


class Evidence(EmployeeOwned):
    """One observation of a person's level in a competency, with where it came from."""

    employee = models.ForeignKey(
        Employee,
        verbose_name=_("employee"),
        on_delete=models.CASCADE,
        related_name="evidence",
        db_index=False,  # evidence_key_idx leads with it
    )
    competency = models.ForeignKey(
        Competency, verbose_name=_("competency"), on_delete=models.PROTECT, related_name="+"
    )
    framework = models.ForeignKey(
        Framework, verbose_name=_("framework"), on_delete=models.PROTECT, related_name="+"
    )
    code = models.CharField(_("competency code"), max_length=32)
    level = models.PositiveSmallIntegerField(_("level"))
    instrument = models.CharField(_("instrument"), max_length=10, choices=Instrument.choices)
    source = models.CharField(
        _("source"), max_length=64, help_text=_("The result it comes from, e.g. attempt:12.")
    )
    observed_at = models.DateTimeField(_("observed at"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,
    )

    class Meta:
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")
        ordering = ["-observed_at"]
        indexes = [
            models.Index(
                fields=["employee", "framework", "code", "-observed_at"], name="evidence_key_idx"
            )
        ]

    def __str__(self) -> str:
        return f"{self.code} = {self.level} ({self.get_instrument_display()})"


class Proficiency(EmployeeOwned):
    """The current level of a person in a competency, combined from the evidence."""

    employee = models.ForeignKey(
        Employee,
        verbose_name=_("employee"),
        on_delete=models.CASCADE,
        related_name="proficiencies",
        db_index=False,  # proficiency_key unique index leads with it
    )
    framework = models.ForeignKey(
        Framework, verbose_name=_("framework"), on_delete=models.PROTECT, related_name="+"
    )
    code = models.CharField(_("competency code"), max_length=32)
    level = models.PositiveSmallIntegerField(_("level"))
    basis = models.JSONField(
        _("basis"), default=dict, help_text=_("The latest level from each instrument that counted.")
    )
    computed_at = models.DateTimeField(_("computed at"))

    class Meta:
        verbose_name = _("proficiency")
        verbose_name_plural = _("proficiencies")
        ordering = ["employee", "framework", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["employee", "framework", "code"], name="proficiency_key"
            )
        ]

    def __str__(self) -> str:
        return f"{self.code} = {self.level}"
