"""Annual performance appraisals (Kazakhstan's «оценка деятельности», Russia's attestation,
Viet Nam's yearly classification) and the bodies' requirement that their people be assessed
effective to be paid a bonus (``docs/pay.md``, decision 0022). Pay reads them through the
eligibility hook of ``cadre.pay.extensions``; it imports nothing of this app.
"""

from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cadre.appraisals.choices import Origin, Result
from cadre.core.models import TimeStampedModel
from cadre.core.permissions import DataClass
from cadre.core.scoping import ScopedModel
from cadre.orgs.models import Organisation
from cadre.people.models import Employee


class Appraisal(TimeStampedModel):
    """A person's appraisal for a year: the result, when and by whom it was given, on what
    basis, and where the record came from (by hand, or imported from a file whose SHA-256 is
    kept). One per person and year. Personal data about performance: in the ``personal``
    class (decision 0016); the person sees their own, heads of units their people's."""

    data_class: ClassVar[str | None] = DataClass.PERSONAL
    scope_org_path: ClassVar[str | None] = "employee__organisation__path"
    scope_self_field: ClassVar[str | None] = "employee__user"
    # Removing an appraisal may change who is paid a bonus: say why.
    audit_reason_required: ClassVar[frozenset[str]] = frozenset({"delete"})

    employee = models.ForeignKey(
        Employee, verbose_name=_("employee"), on_delete=models.CASCADE, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("year assessed"))
    result = models.CharField(_("result"), max_length=16, choices=Result.choices)
    assessed_on = models.DateField(_("assessed on"))
    assessed_by = models.CharField(_("assessed by"), max_length=255)
    basis = models.TextField(_("basis and notes"), blank=True)
    origin = models.CharField(
        _("source"), max_length=10, choices=Origin.choices, default=Origin.MANUAL
    )
    file_name = models.CharField(_("file"), max_length=200, blank=True)
    file_sha256 = models.CharField(_("file SHA-256"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("performance appraisal")
        verbose_name_plural = _("performance appraisals")
        ordering = ["-year", "employee_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["employee", "year"],
                name="appraisals_appraisal_one_per_year",
                violation_error_message=_("This person already has an appraisal for this year."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.employee} · {self.year}: {self.get_result_display()}"

    def get_absolute_url(self) -> str:
        return reverse("appraisals:appraisal_detail", args=[self.pk])


class AppraisalRequirement(ScopedModel):
    """A body requires, from a year on, that its people (its whole subtree) be assessed at
    least ``minimum`` to be paid a bonus. For a person, the requirement of the nearest
    organisation up the tree wins; within it, the latest that has begun."""

    scope_org_path: ClassVar[str | None] = "organisation__path"
    # A body sees the requirements of the bodies above it: they apply to it.
    scope_view_ancestors: ClassVar[bool] = True
    # Removing a requirement changes who is paid a bonus: say why.
    audit_reason_required: ClassVar[frozenset[str]] = frozenset({"delete"})

    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="+"
    )
    from_year = models.PositiveSmallIntegerField(_("from year"))
    minimum = models.CharField(
        _("lowest result that counts as effective"),
        max_length=16,
        choices=Result.choices,
        default=Result.EFFECTIVE,
    )

    class Meta:
        verbose_name = _("appraisal requirement")
        verbose_name_plural = _("appraisal requirements")
        ordering = ["organisation_id", "-from_year"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "from_year"],
                name="appraisals_requirement_once_a_year",
                violation_error_message=_(
                    "This organisation already has a requirement from this year."
                ),
            ),
            models.CheckConstraint(
                condition=Q(from_year__gte=1990),
                name="appraisals_requirement_year_sane",
                violation_error_message=_("Enter a year from 1990 on."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} · {self.from_year}: {self.get_minimum_display()}"

    def get_absolute_url(self) -> str:
        return reverse("appraisals:appraisalrequirement_detail", args=[self.pk])
