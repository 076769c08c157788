"""Staffing tables (effective-dated versions of a body's posts and staff units, approved by
order), the body's limits, and headcount scenarios: copies of the tables of a subtree that
never touch the live ones (``docs/staffing.md``, decision 0036)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import ClassVar

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cadre.core.models import TimeStampedModel
from cadre.core.permissions import DataClass
from cadre.orgs.choices import Currency
from cadre.orgs.models import Organisation, Post
from cadre.staffing.choices import ScenarioMode, ScenarioStatus, TableStatus

QUARTER = Decimal("0.25")


def order_storage() -> FileSystemStorage:
    """Orders are kept under the data directory, never served as public media: the table's
    page hands them out to whoever may see the table."""
    return FileSystemStorage(location=Path(settings.DATA_DIR) / "staffing-orders", base_url=None)


class StaffingTable(TimeStampedModel):
    """One version of a body's staffing table (form Т-3): in force from ``effective_from``
    until ``effective_to`` (open-ended while it is the latest), approved by an order. A
    draft is edited line by line; an approved version is never changed again."""

    scope_org_path: ClassVar[str | None] = "organisation__path"
    # A unit's manager reads the table of the body above (decision 0036).
    scope_view_ancestors: ClassVar[bool] = True

    organisation = models.ForeignKey(
        Organisation, verbose_name=_("body"), on_delete=models.PROTECT, related_name="+"
    )
    number = models.PositiveIntegerField(_("version"))
    status = models.CharField(
        _("status"), max_length=10, choices=TableStatus.choices, default=TableStatus.DRAFT
    )
    effective_from = models.DateField(_("in force from"))
    effective_to = models.DateField(_("in force until"), null=True, blank=True)
    order_number = models.CharField(_("order number"), max_length=64, blank=True)
    order_date = models.DateField(_("order date"), null=True, blank=True)
    order_file = models.FileField(
        _("order file"), upload_to="%Y/", storage=order_storage, blank=True
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("staffing table")
        verbose_name_plural = _("staffing tables")
        ordering = ["organisation__path", "-effective_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "number"],
                name="staffing_table_number_unique",
                violation_error_message=_("This body already has a version with this number."),
            ),
            models.CheckConstraint(
                condition=Q(effective_to__isnull=True)
                | Q(effective_to__gte=models.F("effective_from")),
                name="staffing_table_dates_ordered",
                violation_error_message=_("A version cannot end before it starts."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation.display_name} v{self.number}"

    def get_absolute_url(self) -> str:
        return reverse("staffing:staffingtable_detail", args=[self.pk])


class StaffingLine(TimeStampedModel):
    """A line of a version: a post, its staff units (multiples of 0.25), grade, monthly
    salary and supplements per unit; whether the post is critical (a scenario never cuts
    it) and the functions it serves."""

    scope_org_path: ClassVar[str | None] = "table__organisation__path"
    scope_view_ancestors: ClassVar[bool] = True
    data_fields: ClassVar[dict[str, tuple[str, ...]]] = {DataClass.PAY: ("salary", "supplements")}

    table = models.ForeignKey(
        StaffingTable,
        verbose_name=_("staffing table"),
        on_delete=models.CASCADE,
        related_name="lines",
    )
    post = models.ForeignKey(
        Post, verbose_name=_("post"), on_delete=models.PROTECT, related_name="+"
    )
    units = models.DecimalField(_("staff units"), max_digits=8, decimal_places=2)
    grade = models.CharField(_("grade"), max_length=30, blank=True)
    salary = models.DecimalField(_("salary"), max_digits=14, decimal_places=2)
    supplements = models.DecimalField(
        _("supplements"), max_digits=14, decimal_places=2, default=Decimal(0)
    )
    currency = models.CharField(_("currency"), max_length=3, choices=Currency.choices)
    is_critical = models.BooleanField(_("critical"), default=False)
    functions = models.JSONField(_("functions"), default=list, blank=True)

    class Meta:
        verbose_name = _("staffing line")
        verbose_name_plural = _("staffing lines")
        ordering = ["table", "post__organisation__path", "post__title", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["table", "post"],
                name="staffing_line_post_once",
                violation_error_message=_("A post appears once in a staffing table."),
            ),
            models.CheckConstraint(
                condition=Q(units__gt=0),
                name="staffing_line_units_positive",
                violation_error_message=_("Staff units must be above zero."),
            ),
            models.CheckConstraint(
                condition=Q(salary__gte=0, supplements__gte=0),
                name="staffing_line_pay_not_negative",
                violation_error_message=_("Salary and supplements cannot be negative."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.post.title} × {self.units}"

    def get_absolute_url(self) -> str:
        return reverse("staffing:staffingtable_detail", args=[self.table_id])


class StaffingLimit(TimeStampedModel):
    """A body's headcount and payroll limit from a date, citing the act that sets it. A
    restricted act's text is hidden from those without the right to read it."""

    scope_org_path: ClassVar[str | None] = "organisation__path"
    data_fields: ClassVar[dict[str, tuple[str, ...]]] = {DataClass.PAY: ("payroll",)}

    organisation = models.ForeignKey(
        Organisation, verbose_name=_("body"), on_delete=models.PROTECT, related_name="+"
    )
    effective_from = models.DateField(_("in force from"))
    headcount = models.DecimalField(_("staff units limit"), max_digits=10, decimal_places=2)
    payroll = models.DecimalField(_("monthly payroll limit"), max_digits=16, decimal_places=2)
    currency = models.CharField(_("currency"), max_length=3, choices=Currency.choices)
    act_title = models.CharField(_("act"), max_length=255)
    act_number = models.CharField(_("act number"), max_length=64)
    act_date = models.DateField(_("act date"))
    act_text = models.TextField(_("act text"), blank=True)
    restricted = models.BooleanField(_("restricted act"), default=False)
    reduction_plan = models.TextField(_("reduction plan"), blank=True)

    class Meta:
        verbose_name = _("staffing limit")
        verbose_name_plural = _("staffing limits")
        ordering = ["organisation__path", "-effective_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "effective_from"],
                name="staffing_limit_once_per_date",
                violation_error_message=_("This body already has a limit from this date."),
            ),
            models.CheckConstraint(
                condition=Q(headcount__gte=0, payroll__gte=0),
                name="staffing_limit_not_negative",
                violation_error_message=_("A limit cannot be negative."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation.display_name} · {self.effective_from}"

    def get_absolute_url(self) -> str:
        return reverse("staffing:staffinglimit_detail", args=[self.pk])


class Scenario(TimeStampedModel):
    """A headcount scenario over the staffing tables of a subtree: its rules, the copy of
    the lines it cuts (``ScenarioLine``) and the figures computed (``results``). Applying it
    needs the approval of someone other than its author."""

    scope_org_path: ClassVar[str | None] = "organisation__path"

    organisation = models.ForeignKey(
        Organisation, verbose_name=_("subtree"), on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(_("title"), max_length=255)
    mode = models.CharField(_("mode"), max_length=10, choices=ScenarioMode.choices)
    status = models.CharField(
        _("status"), max_length=10, choices=ScenarioStatus.choices, default=ScenarioStatus.DRAFT
    )
    cut_percent = models.DecimalField(
        _("cut, % of units"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    cut_units = models.DecimalField(
        _("cut, staff units"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    vacant_first = models.BooleanField(_("cut vacant posts first"), default=True)
    protect_critical = models.BooleanField(_("protect critical posts"), default=True)
    protect_digital_leads = models.BooleanField(_("protect digital leads"), default=True)
    keep_coverage = models.BooleanField(_("keep required competencies covered"), default=True)
    functions = models.JSONField(_("cut only these functions"), default=list, blank=True)
    min_holders = models.PositiveSmallIntegerField(
        _("minimum qualified holders per required competency"), default=1
    )
    results = models.JSONField(_("results"), default=dict, blank=True, editable=False)
    computed_at = models.DateTimeField(_("computed at"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approved by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    applied_at = models.DateTimeField(_("applied at"), null=True, blank=True)

    class Meta:
        verbose_name = _("headcount scenario")
        verbose_name_plural = _("headcount scenarios")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(cut_percent__isnull=True) | Q(cut_percent__gt=0, cut_percent__lte=100),
                name="scenario_percent_range",
                violation_error_message=_("The cut is a percentage above 0 and at most 100."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("staffing:scenario_detail", args=[self.pk])


class ScenarioLine(models.Model):
    """A copied staffing line inside a scenario, with what the scenario cuts from it.

    The source line, body and post are kept without database constraints (decision
    0047): a copy of a country's 150,000 lines checked them row by row at commit, 3 of the
    copy's 4 seconds. The copy takes them from rows it joins in the same statement, and
    Django still protects them from deletion (``PROTECT``)."""

    scenario = models.ForeignKey(
        Scenario, verbose_name=_("scenario"), on_delete=models.CASCADE, related_name="lines"
    )
    source = models.ForeignKey(
        StaffingLine,
        verbose_name=_("staffing line"),
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
        db_constraint=False,
    )
    body = models.ForeignKey(
        Organisation,
        verbose_name=_("body"),
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
        db_constraint=False,
    )
    post = models.ForeignKey(
        Post,
        verbose_name=_("post"),
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
        db_constraint=False,
    )
    units = models.DecimalField(_("staff units"), max_digits=8, decimal_places=2)
    pay_minor = models.BigIntegerField(_("monthly pay per unit, minor units"))
    currency = models.CharField(_("currency"), max_length=3, choices=Currency.choices)
    is_critical = models.BooleanField(_("critical"), default=False)
    is_digital_lead = models.BooleanField(_("digital lead"), default=False)
    functions = models.JSONField(_("functions"), default=list, blank=True)
    cut_units = models.DecimalField(
        _("units cut"), max_digits=8, decimal_places=2, default=Decimal(0)
    )
    people_cut = models.PositiveIntegerField(_("people affected"), default=0)

    class Meta:
        verbose_name = _("scenario line")
        verbose_name_plural = _("scenario lines")
        ordering = ["scenario", "id"]

    def __str__(self) -> str:
        return f"{self.scenario_id} · {self.post_id} × {self.units}"


class GraduateSupply(TimeStampedModel):
    """How many graduates a partner university or IT lyceum of a region expects (or had) in
    a year, in one competency family — entered as a number, not as people (issue 22, the
    supply pipeline of the workforce demand forecast)."""

    scope_org_path: ClassVar[str | None] = "organisation__path"

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("region or body"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Where the graduates are expected to work: a region or a body."),
    )
    institution = models.CharField(_("institution"), max_length=255)
    year = models.PositiveSmallIntegerField(_("year of graduation"))
    family = models.CharField(
        _("competency family"),
        max_length=70,
        help_text=_("A top category of a published framework, as FRAMEWORK:CODE."),
    )
    count = models.PositiveIntegerField(_("graduates"))

    class Meta:
        verbose_name = _("graduate figure")
        verbose_name_plural = _("graduate figures")
        ordering = ["organisation__path", "-year", "institution", "family"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "institution", "year", "family"],
                name="graduate_supply_once",
                violation_error_message=_(
                    "This institution already has a figure for this year and family here."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.institution} · {self.year} · {self.family}: {self.count}"

    def get_absolute_url(self) -> str:
        return reverse("staffing:graduatesupply_detail", args=[self.pk])
