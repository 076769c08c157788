"""Stored gap figures: per organisation and competency, how far its people fall short."""

from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.utils.translation import gettext_lazy as _

from cadre.competencies.models import Framework
from cadre.core.scoping import ScopedModel
from cadre.orgs.models import Organisation


class GapCell(ScopedModel):
    """The gap figures of one organisation's whole subtree in one competency, as of the last
    batch: how many people the standard requires it of, how many are below the required
    level, the sum of their shortfalls and of the required levels."""

    scope_org_path: ClassVar[str | None] = "organisation__path"

    # A derived table, replaced whole by the batch: no foreign-key checks on its million
    # rows (Django still deletes a cell with its organisation or framework).
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="+",
        db_index=False,  # gapcell_key leads with it
        db_constraint=False,
    )
    framework = models.ForeignKey(
        Framework,
        verbose_name=_("framework"),
        on_delete=models.CASCADE,
        related_name="+",
        db_index=False,
        db_constraint=False,
    )
    code = models.CharField(_("competency code"), max_length=32)
    people = models.PositiveIntegerField(_("people required"))
    below = models.PositiveIntegerField(_("people below the required level"))
    shortfall = models.PositiveIntegerField(_("sum of shortfalls"))
    required = models.PositiveIntegerField(_("sum of required levels"))
    computed_at = models.DateTimeField(_("computed at"))

    class Meta:
        verbose_name = _("gap cell")
        verbose_name_plural = _("gap cells")
        ordering = ["organisation", "framework", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "framework", "code"], name="gapcell_key"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation_id} {self.code}: {self.below}/{self.people}"

    @property
    def share_below(self) -> float:
        return self.below / self.people if self.people else 0.0
