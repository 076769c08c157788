"""Pay that citizens' ratings can lower, with safeguards (docs/pay.md, decision 0020).

A period's **score snapshot** freezes every official's fair score when it is taken: scores
keep being recomputed, a past period's pay input never changes silently. A **policy** for
a subtree and a period says when a consequence applies — enough ratings, reliably worse
than expected in this period and the one before, a recorded review by a manager and by
HR, no appeal under way — and how large it may be: a share of the variable pay (the
bonus), never the base salary. The pay run reads the consequences through
``pay.extensions``; every row here is in the ``pay`` data class.
"""

from __future__ import annotations

from decimal import Decimal
from typing import ClassVar

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cadre.core.permissions import DataClass
from cadre.core.scoping import ScopedModel
from cadre.orgs.models import Organisation
from cadre.people.models import Employee


class ScoreSnapshot(ScopedModel):
    """The fair scores of every official, frozen for a KPI period (its rows are in the pay
    class; the snapshot itself says only when and by whom)."""

    scope_reference: ClassVar[bool] = True

    period = models.OneToOneField(
        "kpi.Period", verbose_name=_("period"), on_delete=models.PROTECT, related_name="+"
    )
    taken_at = models.DateTimeField(_("taken at"))
    taken_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("taken by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    worse_ratio = models.DecimalField(
        _("worse than expected above"), max_digits=5, decimal_places=2
    )
    rows = models.PositiveIntegerField(_("officials"))

    class Meta:
        verbose_name = _("score snapshot")
        verbose_name_plural = _("score snapshots")
        ordering = ["-taken_at"]

    def __str__(self) -> str:
        return f"{self.period} · {self.taken_at:%Y-%m-%d}"


class SnapshotRow(ScopedModel):
    """One official's score as it was when the snapshot was taken."""

    data_class: ClassVar[str | None] = DataClass.PAY
    scope_org_path: ClassVar[str | None] = "organisation__path"
    scope_self_field: ClassVar[str | None] = "employee__user"

    snapshot = models.ForeignKey(
        ScoreSnapshot, verbose_name=_("snapshot"), on_delete=models.CASCADE, related_name="+"
    )
    employee = models.ForeignKey(
        Employee, verbose_name=_("employee"), on_delete=models.PROTECT, related_name="+"
    )
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="+"
    )
    ratings = models.PositiveIntegerField(_("ratings"))
    negatives = models.PositiveIntegerField(_("negative ratings"))
    expected = models.FloatField(_("expected negatives"))
    ratio = models.FloatField(_("ratio"))
    ratio_low = models.FloatField(_("ratio, 5 %"))
    ratio_high = models.FloatField(_("ratio, 95 %"))
    p_worse = models.FloatField(_("probability of being worse"))

    class Meta:
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        constraints = [
            models.UniqueConstraint(fields=["snapshot", "employee"], name="ratingpay_row_once")
        ]

    def __str__(self) -> str:
        return f"{self.employee}: {self.ratio:.2f}"


class Policy(ScopedModel):
    """When and how much citizens' ratings lower the variable pay of a subtree's officials
    in a period. Its parameters are no one's pay: managers read it; who it flags is in
    the pay class (``SnapshotRow``, ``Review``)."""

    scope_org_path: ClassVar[str | None] = "organisation__path"
    # A policy over a body covers its units: their managers see it from below.
    scope_view_ancestors: ClassVar[bool] = True

    organisation = models.ForeignKey(
        Organisation, verbose_name=_("covers"), on_delete=models.PROTECT, related_name="+"
    )
    period = models.ForeignKey(
        "kpi.Period", verbose_name=_("period"), on_delete=models.PROTECT, related_name="+"
    )
    min_ratings = models.PositiveIntegerField(
        _("minimum ratings"),
        default=30,
        validators=[MinValueValidator(1)],
        help_text=_("Fewer ratings than this in the period: no consequence."),
    )
    min_probability = models.DecimalField(
        _("minimum probability of being worse"),
        max_digits=4,
        decimal_places=3,
        default=Decimal("0.9"),
        validators=[MinValueValidator(Decimal("0.5")), MaxValueValidator(Decimal("0.999"))],
    )
    share = models.DecimalField(
        _("share of the bonus withheld"),
        max_digits=4,
        decimal_places=3,
        default=Decimal("0.2"),
        validators=[MinValueValidator(Decimal("0.001")), MaxValueValidator(Decimal("0.5"))],
        help_text=_("Of the variable pay only; the base salary is never lowered."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("rating pay policy")
        verbose_name_plural = _("rating pay policies")
        ordering = ["-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "period"],
                name="ratingpay_policy_once",
                violation_error_message=_("This organisation already has a policy for the period."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} · {self.period}"

    def get_absolute_url(self) -> str:
        return reverse("ratingpay:policy_detail", args=[self.pk])


class ReviewStage(models.TextChoices):
    MANAGER = "manager", _("Manager")
    HR = "hr", _("HR")


class Review(ScopedModel):
    """A human review of a flagged official under a policy: by one of their managers, and
    by HR. A consequence applies only when both agree it should, each with their reason."""

    data_class: ClassVar[str | None] = DataClass.PAY
    scope_org_path: ClassVar[str | None] = "employee__organisation__path"
    scope_self_field: ClassVar[str | None] = "employee__user"

    policy = models.ForeignKey(
        Policy, verbose_name=_("policy"), on_delete=models.CASCADE, related_name="reviews"
    )
    employee = models.ForeignKey(
        Employee, verbose_name=_("employee"), on_delete=models.PROTECT, related_name="+"
    )
    stage = models.CharField(_("stage"), max_length=10, choices=ReviewStage.choices)
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewer"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    agrees = models.BooleanField(_("the consequence should apply"))
    reason = models.TextField(_("reason"))
    at = models.DateTimeField(_("recorded at"))

    class Meta:
        verbose_name = _("review")
        verbose_name_plural = _("reviews")
        constraints = [
            models.UniqueConstraint(
                fields=["policy", "employee", "stage"],
                name="ratingpay_review_once",
                violation_error_message=_("This review is already recorded."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.policy} · {self.employee} · {self.get_stage_display()}"
