"""Pay: base salaries, bonus funds paid against KPI achievement, their rule versions, and
runs — immutable snapshots of an allocation's inputs and outputs (``docs/pay.md``,
decision 0017). Every row here is in the ``pay`` data class.

Pay reads KPI periods and achievements through ``cadre.kpi.selectors``; the foreign key to
the period names its model by label, so this module imports nothing of ``kpi``.
"""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cadre.core.permissions import DataClass
from cadre.core.scoping import ScopedModel
from cadre.orgs.choices import Currency
from cadre.orgs.models import Organisation
from cadre.people.models import Employee

PAY_CLASS = DataClass.PAY


class RunState(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    APPROVED = "approved", _("Approved")


class Salary(ScopedModel):
    """A person's base monthly salary from a date, in minor units of its currency."""

    data_class: ClassVar[str | None] = PAY_CLASS
    scope_org_path: ClassVar[str | None] = "employee__organisation__path"
    scope_self_field: ClassVar[str | None] = "employee__user"
    # Removing a salary changes what a person is paid: say why (decision 0014).
    audit_reason_required: ClassVar[frozenset[str]] = frozenset({"delete"})

    employee = models.ForeignKey(
        Employee, verbose_name=_("employee"), on_delete=models.CASCADE, related_name="+"
    )
    amount = models.BigIntegerField(_("monthly salary, minor units"))
    currency = models.CharField(_("currency"), max_length=3, choices=Currency.choices)
    valid_from = models.DateField(_("from"))

    class Meta:
        verbose_name = _("salary")
        verbose_name_plural = _("salaries")
        ordering = ["employee_id", "-valid_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["employee", "valid_from"],
                name="pay_salary_one_per_date",
                violation_error_message=_("This person already has a salary from this date."),
            ),
            models.CheckConstraint(
                condition=Q(amount__gt=0),
                name="pay_salary_positive",
                violation_error_message=_("A salary must be more than zero."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.employee} · {self.valid_from:%Y-%m-%d}"

    def get_absolute_url(self) -> str:
        return reverse("pay:salary_detail", args=[self.pk])


class Rule(ScopedModel):
    """One version of an allocation rule's parameters. A version some run used is never
    edited: a change is a new version."""

    data_class: ClassVar[str | None] = PAY_CLASS
    scope_org_path: ClassVar[str | None] = "organisation__path"
    # A body uses the national (and its parents') rules: they are seen from below.
    scope_view_ancestors: ClassVar[bool] = True

    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="+"
    )
    code = models.CharField(_("code"), max_length=64)
    version = models.PositiveIntegerField(_("version"), default=1)
    min_achievement = models.DecimalField(
        _("minimum achievement"), max_digits=7, decimal_places=4, default=0
    )
    min_months = models.DecimalField(
        _("minimum months in post"), max_digits=5, decimal_places=2, default=0
    )
    period_months = models.DecimalField(
        _("months in the period"), max_digits=5, decimal_places=2, default=12
    )
    target_share = models.DecimalField(
        _("target, in monthly salaries"), max_digits=7, decimal_places=4, default=1
    )
    max_factor = models.DecimalField(
        _("highest achievement factor"), max_digits=7, decimal_places=4, default=1
    )
    cap_salaries = models.DecimalField(
        _("cap, in monthly salaries"), max_digits=7, decimal_places=4, default=2
    )
    rounding_unit = models.PositiveIntegerField(_("rounding unit, minor units"), default=1)

    class Meta:
        verbose_name = _("allocation rule")
        verbose_name_plural = _("allocation rules")
        ordering = ["code", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["code", "version"],
                name="pay_rule_version_once",
                violation_error_message=_("This version of the rule already exists."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} v{self.version}"

    def get_absolute_url(self) -> str:
        return reverse("pay:rule_detail", args=[self.pk])


class Fund(ScopedModel):
    """A bonus fund: an amount for the people of an organisation's subtree, paid against
    their KPI achievement in a period under a rule version."""

    data_class: ClassVar[str | None] = PAY_CLASS
    scope_org_path: ClassVar[str | None] = "organisation__path"

    name = models.CharField(_("name"), max_length=255)
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("covers"), on_delete=models.PROTECT, related_name="+"
    )
    period = models.ForeignKey(
        "kpi.Period", verbose_name=_("period"), on_delete=models.PROTECT, related_name="+"
    )
    rule = models.ForeignKey(
        Rule, verbose_name=_("rule"), on_delete=models.PROTECT, related_name="funds"
    )
    amount = models.BigIntegerField(_("amount, minor units"))
    currency = models.CharField(_("currency"), max_length=3, choices=Currency.choices)
    component_code = models.CharField(_("pay component code"), max_length=32, default="BONUS-KPI")

    class Meta:
        verbose_name = _("bonus fund")
        verbose_name_plural = _("bonus funds")
        ordering = ["-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gt=0),
                name="pay_fund_positive",
                violation_error_message=_("A fund must be more than zero."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("pay:fund_detail", args=[self.pk])


class Run(ScopedModel):
    """An allocation of a fund, frozen: the parameters and every person's inputs and
    outputs (``RunLine``). Proposed, then approved by someone else; never edited after. A
    correction is a new run that names the one it corrects."""

    data_class: ClassVar[str | None] = PAY_CLASS
    scope_org_path: ClassVar[str | None] = "fund__organisation__path"

    fund = models.ForeignKey(
        Fund, verbose_name=_("fund"), on_delete=models.PROTECT, related_name="runs"
    )
    number = models.PositiveIntegerField(_("number"))
    state = models.CharField(
        _("state"), max_length=10, choices=RunState.choices, default=RunState.PROPOSED
    )
    corrects = models.ForeignKey(
        "self",
        verbose_name=_("corrects"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="corrections",
    )
    parameters = models.JSONField(_("parameters"), default=dict)
    fund_amount = models.BigIntegerField(_("fund, minor units"))
    currency = models.CharField(_("currency"), max_length=3, choices=Currency.choices)
    allocated = models.BigIntegerField(_("allocated, minor units"))
    unallocated = models.BigIntegerField(_("unallocated, minor units"))
    never_paid = models.JSONField(
        _("people held at every export so far"),
        null=True,
        blank=True,
        help_text=_(
            "Employee ids whose line an appeal held out of every payroll file of this run "
            "(none exported yet: empty); a correction pays them in full."
        ),
    )
    withheld = models.BigIntegerField(
        _("withheld by rating policies, minor units"),
        default=0,
        help_text=_("Part of the allocated amount not paid: see each line's reason."),
    )
    adjustment = models.DecimalField(_("adjustment factor"), max_digits=24, decimal_places=12)
    iterations = models.PositiveIntegerField(_("water-filling iterations"))
    people = models.PositiveIntegerField(_("people"))
    paid = models.PositiveIntegerField(_("people paid"))
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("proposed by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    proposed_at = models.DateTimeField(_("proposed at"))
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approved by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)

    class Meta:
        verbose_name = _("allocation run")
        verbose_name_plural = _("allocation runs")
        ordering = ["-id"]
        constraints = [
            models.UniqueConstraint(fields=["fund", "number"], name="pay_run_number_once"),
            models.CheckConstraint(
                condition=~Q(approved_by=models.F("proposed_by")) | Q(approved_by__isnull=True),
                name="pay_run_four_eyes",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.fund} · {self.number}"

    @property
    def batch_id(self) -> str:
        return f"CADRE-PAY-{self.fund_id}-{self.number}"

    def get_absolute_url(self) -> str:
        return reverse("pay:run_detail", args=[self.pk])


class RunLine(ScopedModel):
    """One person's line of a run: the inputs as they were and every factor of the result."""

    data_class: ClassVar[str | None] = PAY_CLASS
    scope_org_path: ClassVar[str | None] = "organisation__path"
    scope_self_field: ClassVar[str | None] = "employee__user"

    run = models.ForeignKey(
        Run, verbose_name=_("run"), on_delete=models.CASCADE, related_name="lines"
    )
    employee = models.ForeignKey(
        Employee, verbose_name=_("employee"), on_delete=models.PROTECT, related_name="+"
    )
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="+"
    )
    body = models.ForeignKey(
        Organisation, verbose_name=_("body"), on_delete=models.PROTECT, related_name="+"
    )
    salary = models.BigIntegerField(_("monthly salary, minor units"))
    achievement = models.DecimalField(_("achievement"), max_digits=7, decimal_places=4, null=True)
    kpi_lines = models.JSONField(_("KPI lines"), default=list)
    months = models.DecimalField(_("months in post"), max_digits=5, decimal_places=2)
    reason = models.PositiveSmallIntegerField(_("eligibility"))
    ineligible_reason = models.CharField(
        _("why not eligible"),
        max_length=255,
        blank=True,
        help_text=_("For a person not eligible (reason 4): why, as the app that said so put it."),
    )
    factor = models.DecimalField(_("achievement factor"), max_digits=7, decimal_places=4)
    proration = models.DecimalField(_("proration"), max_digits=9, decimal_places=6)
    target = models.DecimalField(_("target, minor units"), max_digits=24, decimal_places=4)
    cap = models.BigIntegerField(_("cap, minor units"))
    capped = models.BooleanField(_("capped"))
    raw = models.DecimalField(_("share before rounding"), max_digits=24, decimal_places=4)
    rounding = models.BigIntegerField(_("rounding, minor units"))
    withheld = models.BigIntegerField(_("withheld, minor units"), default=0)
    withheld_reason = models.CharField(_("why withheld"), max_length=255, blank=True)
    amount = models.BigIntegerField(_("amount, minor units"))
    previous_amount = models.BigIntegerField(
        _("amount in the corrected run"), null=True, blank=True
    )

    class Meta:
        verbose_name = _("run line")
        verbose_name_plural = _("run lines")
        ordering = ["run_id", "employee_id"]
        constraints = [
            models.UniqueConstraint(fields=["run", "employee"], name="pay_runline_once"),
        ]

    def __str__(self) -> str:
        return f"{self.run} · {self.employee}"

    @property
    def difference(self) -> int | None:
        return None if self.previous_amount is None else self.amount - self.previous_amount

    def get_absolute_url(self) -> str:
        return reverse("pay:runline_detail", args=[self.pk])
