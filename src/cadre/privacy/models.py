"""Personal data (docs/personal-data.md, decision 0034): retention policies, legal holds,
a person's data exports, erasure requests and the breach register."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cadre.core.models import Job, TimeStampedModel
from cadre.core.scoping import ScopedModel
from cadre.people.models import Employee
from cadre.privacy.choices import (
    BreachState,
    Category,
    Country,
    ErasureState,
    RetentionAction,
)


class RetentionPolicy(TimeStampedModel):
    """How long one category of personal data is kept, on what legal basis, and what the
    nightly retention run does with it after that. National: kept by national
    administrators, one per category."""

    category = models.CharField(_("category"), max_length=30, choices=Category.choices, unique=True)
    legal_basis = models.TextField(_("legal basis"))
    period_months = models.IntegerField(
        _("period (months)"), help_text=_("Counted from the event the category names.")
    )
    action = models.CharField(_("action"), max_length=10, choices=RetentionAction.choices)
    active = models.BooleanField(_("applied by the nightly run"), default=True)

    class Meta:
        verbose_name = _("retention policy")
        verbose_name_plural = _("retention policies")
        ordering = ["category"]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_months__gt=0),
                name="retention_period_positive",
                violation_error_message=_("The period must be at least one month."),
            )
        ]

    def __str__(self) -> str:
        return str(self.get_category_display())

    def get_absolute_url(self) -> str:
        return reverse("privacy:retention")


class LegalHold(TimeStampedModel):
    """A person's data held: neither retention nor erasure touches it while the hold is in
    force (until ``until``, or until released)."""

    scope_org_path: ClassVar[str | None] = "employee__organisation__path"

    employee = models.ForeignKey(
        Employee, verbose_name=_("employee"), on_delete=models.CASCADE, related_name="+"
    )
    grounds = models.TextField(_("grounds"))
    until = models.DateField(_("until"), null=True, blank=True)
    released_at = models.DateTimeField(_("released at"), null=True, blank=True)

    class Meta:
        verbose_name = _("legal hold")
        verbose_name_plural = _("legal holds")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return str(_("Hold on %(person)s") % {"person": self.employee})

    def get_absolute_url(self) -> str:
        return reverse("privacy:legalhold_detail", args=[self.pk])


class DataExport(ScopedModel):
    """One file with everything Cadre holds about a person, made by a job; the person and
    those who keep their record in scope download it."""

    scope_org_path: ClassVar[str | None] = "employee__organisation__path"
    scope_self_field: ClassVar[str | None] = "employee__user"

    employee = models.ForeignKey(
        Employee, verbose_name=_("employee"), on_delete=models.CASCADE, related_name="+"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    requested_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    job = models.ForeignKey(
        Job, verbose_name=_("job"), on_delete=models.SET_NULL, null=True, blank=True
    )
    file_name = models.CharField(_("file"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("personal data export")
        verbose_name_plural = _("personal data exports")
        ordering = ["-requested_at", "-id"]

    def __str__(self) -> str:
        return str(_("Data of %(person)s") % {"person": self.employee})

    def get_absolute_url(self) -> str:
        return reverse("privacy:dataexport_detail", args=[self.pk])


class ErasureRequest(TimeStampedModel):
    """A request to erase (anonymise) a person's data, with its reason: reviewed by a
    national administrator, then carried out by a job. What a law requires to keep is kept
    and said in ``outcome``."""

    scope_org_path: ClassVar[str | None] = "employee__organisation__path"
    scope_self_field: ClassVar[str | None] = "employee__user"

    employee = models.ForeignKey(
        Employee, verbose_name=_("employee"), on_delete=models.CASCADE, related_name="+"
    )
    grounds = models.TextField(_("grounds"))
    state = models.CharField(
        _("state"), max_length=10, choices=ErasureState.choices, default=ErasureState.REQUESTED
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    review_note = models.TextField(_("review note"), blank=True)
    job = models.ForeignKey(
        Job, verbose_name=_("job"), on_delete=models.SET_NULL, null=True, blank=True
    )
    executed_at = models.DateTimeField(_("carried out at"), null=True, blank=True)
    outcome = models.JSONField(_("outcome"), default=dict, blank=True)

    class Meta:
        verbose_name = _("erasure request")
        verbose_name_plural = _("erasure requests")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["employee"],
                condition=Q(state__in=["requested", "approved"]),
                name="erasure_one_open_per_person",
                violation_error_message=_("This person already has an open erasure request."),
            )
        ]

    def __str__(self) -> str:
        return str(_("Erasure of %(person)s") % {"person": self.employee})

    def get_absolute_url(self) -> str:
        return reverse("privacy:erasurerequest_detail", args=[self.pk])


class Breach(TimeStampedModel):
    """An incident of personal data: what happened, the data classes and how many people
    and records it touched, whose law's clocks run, and when the regulator and the people
    were told. National: only national administrators (keep) and auditors (read) reach it."""

    title = models.CharField(_("title"), max_length=255)
    description = models.TextField(_("what happened"))
    detected_at = models.DateTimeField(_("detected at"))
    country = models.CharField(_("law"), max_length=2, choices=Country.choices)
    data_classes = models.JSONField(_("data classes"), default=list)
    people_count = models.PositiveIntegerField(_("people affected"))
    records_count = models.PositiveIntegerField(_("records affected"), default=0)
    state = models.CharField(
        _("state"), max_length=10, choices=BreachState.choices, default=BreachState.OPEN
    )
    regulator_notified_at = models.DateTimeField(_("regulator notified at"), null=True, blank=True)
    results_reported_at = models.DateTimeField(
        _("investigation results reported at"), null=True, blank=True
    )
    people_notified_at = models.DateTimeField(_("people notified at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    archived = models.BooleanField(_("archived"), default=False)
    # clock name → when its reminder went out
    reminded = models.JSONField(_("reminders sent"), default=dict, blank=True)

    class Meta:
        verbose_name = _("breach")
        verbose_name_plural = _("breaches")
        ordering = ["-detected_at", "-id"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("privacy:breach", args=[self.pk])
