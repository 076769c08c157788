"""Ethics control (docs/ethics.md, decision 0035): a person's declarations of interest, their
register of gifts and outside activities, and the disciplinary cases about them with the
commission that decides them. Every row is of the ``ethics`` data class: the person sees
their own, the ethics officer of their body (and a case's commission) see them, others see
only the effect (a recusal's reason, an eligibility line)."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cadre.core.models import TimeStampedModel
from cadre.core.permissions import DataClass
from cadre.ethics.choices import (
    AppealOutcome,
    CaseState,
    GiftDecision,
    GiftKind,
    Outcome,
    RelationKind,
    ReviewState,
    SanctionKind,
)
from cadre.orgs.models import Organisation
from cadre.people.models import Employee

USER = settings.AUTH_USER_MODEL


class Declaration(TimeStampedModel):
    """A relation the employee declares: with another employee, or with an organisation
    (named), from a date until a date (open: still so); confirmed once a year."""

    scope_org_path: ClassVar[str | None] = "employee__organisation__path"
    scope_self_field: ClassVar[str | None] = "employee__user"
    data_class: ClassVar[str | None] = DataClass.ETHICS

    employee = models.ForeignKey(
        Employee, verbose_name=_("employee"), on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(_("relation"), max_length=20, choices=RelationKind.choices)
    related_employee = models.ForeignKey(
        Employee,
        verbose_name=_("related person"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    related_organisation = models.CharField(_("related organisation"), max_length=255, blank=True)
    description = models.TextField(_("description"), blank=True)
    starts_on = models.DateField(_("since"))
    ends_on = models.DateField(_("until"), null=True, blank=True)
    confirmed_on = models.DateField(_("last confirmed on"))
    reminded_on = models.DateField(_("reminded on"), null=True, blank=True)
    review_state = models.CharField(
        _("review"), max_length=10, choices=ReviewState.choices, default=ReviewState.SUBMITTED
    )
    reviewed_by = models.ForeignKey(
        USER,
        verbose_name=_("reviewed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("declaration of interest")
        verbose_name_plural = _("declarations of interest")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=F("starts_on")),
                name="ethics_declaration_dates",
                violation_error_message=_("The end date cannot be before the start date."),
            ),
            models.CheckConstraint(
                condition=Q(related_employee__isnull=True) | ~Q(related_employee=F("employee")),
                name="ethics_declaration_not_self",
                violation_error_message=_("A declaration cannot be about oneself."),
            ),
        ]
        indexes = [models.Index(fields=["related_employee", "employee"], name="ethics_decl_pair")]

    def __str__(self) -> str:
        return f"{self.employee} — {self.get_kind_display()}"

    def get_absolute_url(self) -> str:
        return reverse("ethics:declaration_detail", args=[self.pk])


class Gift(TimeStampedModel):
    """A gift received or an outside activity, its value and what was decided of it."""

    scope_org_path: ClassVar[str | None] = "employee__organisation__path"
    scope_self_field: ClassVar[str | None] = "employee__user"
    data_class: ClassVar[str | None] = DataClass.ETHICS

    employee = models.ForeignKey(
        Employee, verbose_name=_("employee"), on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=GiftKind.choices)
    description = models.CharField(_("description"), max_length=255)
    received_on = models.DateField(_("date"))
    value = models.BigIntegerField(_("value, minor units"))
    currency = models.CharField(_("currency"), max_length=3)
    decision = models.CharField(
        _("decision"), max_length=12, choices=GiftDecision.choices, blank=True
    )
    decided_by = models.ForeignKey(
        USER,
        verbose_name=_("decided by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    class Meta:
        verbose_name = _("gift or outside activity")
        verbose_name_plural = _("gifts and outside activities")
        constraints = [
            models.CheckConstraint(
                condition=Q(value__gte=0),
                name="ethics_gift_value",
                violation_error_message=_("The value cannot be negative."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.employee} — {self.description}"

    def get_absolute_url(self) -> str:
        return reverse("ethics:gift_detail", args=[self.pk])


class Case(TimeStampedModel):
    """A disciplinary case about an employee: its grounds, the person's explanation (due by
    a date), the commission's decision (sanction kind and term within the law of the
    body's country), an appeal, and the sanction's end."""

    scope_org_path: ClassVar[str | None] = "organisation__path"
    scope_self_field: ClassVar[str | None] = "employee__user"
    scope_member_field: ClassVar[str | None] = "members__user"
    scope_many: ClassVar[bool] = True
    data_class: ClassVar[str | None] = DataClass.ETHICS

    employee = models.ForeignKey(
        Employee, verbose_name=_("employee"), on_delete=models.PROTECT, related_name="+"
    )
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("body"), on_delete=models.PROTECT, related_name="+"
    )
    complainant = models.ForeignKey(
        USER,
        verbose_name=_("complainant"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    grounds = models.TextField(_("grounds"))
    opened_on = models.DateField(_("opened on"))
    explanation_due = models.DateField(_("explanation due"))
    explanation = models.TextField(_("explanation"), blank=True)
    explained_at = models.DateTimeField(_("explained at"), null=True, blank=True)
    state = models.CharField(
        _("state"), max_length=10, choices=CaseState.choices, default=CaseState.OPEN
    )
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome.choices, blank=True)
    sanction = models.CharField(
        _("sanction"), max_length=20, choices=SanctionKind.choices, blank=True
    )
    term_months = models.PositiveSmallIntegerField(_("term, months"), null=True, blank=True)
    sanction_from = models.DateField(_("sanction from"), null=True, blank=True)
    sanction_until = models.DateField(_("sanction until"), null=True, blank=True)
    legal_basis = models.CharField(_("legal basis"), max_length=255, blank=True)
    decision_text = models.TextField(_("decision"), blank=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        USER,
        verbose_name=_("decided by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    appeal_grounds = models.TextField(_("appeal grounds"), blank=True)
    appealed_at = models.DateTimeField(_("appealed at"), null=True, blank=True)
    appeal_outcome = models.CharField(
        _("appeal outcome"), max_length=10, choices=AppealOutcome.choices, blank=True
    )
    appeal_decided_at = models.DateTimeField(_("appeal decided at"), null=True, blank=True)

    class Meta:
        verbose_name = _("disciplinary case")
        verbose_name_plural = _("disciplinary cases")
        constraints = [
            models.CheckConstraint(
                condition=Q(sanction="") | Q(outcome=Outcome.UPHELD),
                name="ethics_case_sanction_needs_decision",
                violation_error_message=_("A sanction needs an upheld decision."),
            ),
            models.CheckConstraint(
                condition=Q(sanction_until__isnull=True)
                | Q(sanction_until__gte=F("sanction_from")),
                name="ethics_case_sanction_dates",
                violation_error_message=_("The sanction cannot end before it starts."),
            ),
        ]
        indexes = [
            models.Index(fields=["employee", "sanction_until"], name="ethics_case_sanction"),
        ]

    def __str__(self) -> str:
        return _("Case %(number)s: %(person)s") % {"number": self.pk, "person": self.employee}

    def get_absolute_url(self) -> str:
        return reverse("ethics:case_detail", args=[self.pk])


class Member(models.Model):
    """A member of the commission that decides a case."""

    case = models.ForeignKey(
        Case, verbose_name=_("case"), on_delete=models.CASCADE, related_name="members"
    )
    user = models.ForeignKey(
        USER, verbose_name=_("member"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("commission member")
        verbose_name_plural = _("commission members")
        constraints = [
            models.UniqueConstraint(
                fields=["case", "user"],
                name="ethics_member_once",
                violation_error_message=_("This person is on the commission already."),
            )
        ]

    def __str__(self) -> str:
        return str(self.user)
