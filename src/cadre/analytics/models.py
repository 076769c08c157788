"""What analytics keeps: the period snapshots of the capacity measures per unit (the trend
of evenness reads them), the reports made by jobs, and report subscriptions. Nothing here is
written by another app; analytics reads the others through their selectors."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from cadre.analytics.choices import Measure, ReportFormat, ReportKind
from cadre.core.models import Job
from cadre.core.scoping import ScopedModel
from cadre.orgs.models import Organisation


class MeasureSnapshot(ScopedModel):
    """One unit's numerator and denominator of one measure in one period (the first day of
    a month), taken by the periodic job; the region is the unit's region at the time. No
    page of its own: the evenness pages show the rows (``analytics:rows``)."""

    scope_org_path: ClassVar[str | None] = "unit__path"

    period = models.DateField(_("period"))
    measure = models.CharField(_("measure"), max_length=20, choices=Measure.choices)
    unit = models.ForeignKey(
        Organisation, verbose_name=_("unit"), on_delete=models.CASCADE, related_name="+"
    )
    region = models.ForeignKey(
        Organisation, verbose_name=_("region"), on_delete=models.CASCADE, related_name="+"
    )
    numerator = models.FloatField(_("numerator"))
    denominator = models.FloatField(_("denominator"))
    taken_at = models.DateTimeField(_("taken at"))

    class Meta:
        verbose_name = _("measure snapshot")
        verbose_name_plural = _("measure snapshots")
        ordering = ["period", "measure", "unit"]
        constraints = [
            models.UniqueConstraint(
                fields=["period", "measure", "unit"],
                name="analytics_snapshot_once",
                violation_error_message=_("This unit already has this measure for the period."),
            ),
            models.CheckConstraint(
                condition=models.Q(numerator__gte=0, denominator__gte=0),
                name="analytics_snapshot_not_negative",
                violation_error_message=_("A measure's parts cannot be negative."),
            ),
        ]
        indexes = [models.Index(fields=["measure", "period"], name="analytics_snap_measure_idx")]

    def __str__(self) -> str:
        return f"{self.period:%Y-%m} {self.measure} {self.unit_id}"


class Report(ScopedModel):
    """A report made by a job (``analytics.report``): the file lives under the data folder,
    downloaded by whoever asked (``analytics:report_file``); listed on their reports page."""

    scope_org_path: ClassVar[str | None] = "root__path"

    kind = models.CharField(_("report"), max_length=10, choices=ReportKind.choices)
    format = models.CharField(_("format"), max_length=4, choices=ReportFormat.choices)
    root = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.CASCADE, related_name="+"
    )
    language = models.CharField(_("language"), max_length=10)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    requested_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    job = models.ForeignKey(
        Job, verbose_name=_("job"), on_delete=models.SET_NULL, null=True, blank=True
    )
    file_name = models.CharField(_("file"), max_length=255, blank=True)
    pages = models.PositiveIntegerField(_("pages"), default=0)

    class Meta:
        verbose_name = _("analytics report")
        verbose_name_plural = _("analytics reports")
        ordering = ["-requested_at"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.root}"


class Subscription(ScopedModel):
    """A report mailed to its owner on a schedule (``every_days``)."""

    scope_org_path: ClassVar[str | None] = "root__path"
    scope_self_field: ClassVar[str | None] = "user"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(_("report"), max_length=10, choices=ReportKind.choices)
    format = models.CharField(_("format"), max_length=4, choices=ReportFormat.choices)
    root = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.CASCADE, related_name="+"
    )
    every_days = models.PositiveSmallIntegerField(_("every (days)"), default=30)
    last_sent_at = models.DateTimeField(_("last sent"), null=True, blank=True)

    class Meta:
        verbose_name = _("report subscription")
        verbose_name_plural = _("report subscriptions")
        ordering = ["user", "kind", "root"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "kind", "format", "root"],
                name="analytics_subscription_once",
                violation_error_message=_("You are already subscribed to this report."),
            ),
            models.CheckConstraint(
                condition=models.Q(every_days__gte=1, every_days__lte=366),
                name="analytics_subscription_every",
                violation_error_message=_("Send it every 1 to 366 days."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_kind_display()} — {self.root}"
