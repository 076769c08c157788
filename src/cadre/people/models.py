"""People: employees, their posts over time, education and certifications.

Personal data (identifier, birth date, contacts) is shown and exported only to roles that
may see it (``cadre.people.privacy``) and never written to logs.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, ClassVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cadre.core.encryption import BlindIndexField, EncryptedTextField, save_fields
from cadre.core.fields import subtree_q
from cadre.core.i18n_names import person_name
from cadre.core.models import TimeStampedModel
from cadre.core.permissions import DataClass
from cadre.core.reasons import CHANGE_AND_DELETE
from cadre.core.scoping import ScopedModel
from cadre.orgs.models import Organisation, Post
from cadre.people.choices import AssignmentKind, EducationLevel, Gender


class Specialty(models.Model):
    """A maintained classifier of education specialties; ``is_it`` is decided here once,
    not typed per person."""

    code = models.CharField(_("code"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=255)
    is_it = models.BooleanField(_("IT specialty"), default=False)

    class Meta:
        verbose_name = _("specialty")
        verbose_name_plural = _("specialties")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


def validate_birth_date(value: dt.date) -> None:
    """A date of birth that can be true: not in the future, not before 1900."""
    if value > timezone.localdate():
        raise ValidationError(_("A birth date cannot be in the future."), code="future")
    if value.year < 1900:
        raise ValidationError(_("A birth date cannot be before 1900."), code="too_early")


class Employee(TimeStampedModel):
    """A person on the books of an organisation."""

    scope_org_path: ClassVar[str | None] = "organisation__path"
    scope_self_field: ClassVar[str | None] = "user"
    # Seen only by roles granted the personal class, and the person (decision 0016).
    data_fields: ClassVar[dict[str, tuple[str, ...]]] = {
        DataClass.PERSONAL: ("personal_id", "birth_date", "email", "phone")
    }
    # A change or removal made by hand needs its reason (cadre.core.reasons).
    audit_reason_required: ClassVar[frozenset[str]] = CHANGE_AND_DELETE

    @staticmethod
    def scope_subtree_extra(path: str, action: str) -> Q:
        """Whoever may view a subtree also sees the people who count there (their main post
        in force is in it, docs/registry.md) though their books are kept elsewhere; only
        those who keep the books change them."""
        if action != "view":
            return Q(pk__in=[])
        return placed_q(path)

    # Kept encrypted; found and kept unique through its blind index (decision 0038).
    personal_id = EncryptedTextField(
        _("personal identifier"),
        max_length=32,
        index_field="personal_id_index",
        help_text=_("The national identifier (IIN, SNILS, CCCD…); imports match people by it."),
    )
    personal_id_index = BlindIndexField(
        source="personal_id",
        unique=True,
        error_messages={"unique": _("A person with this identifier already exists.")},
    )
    last_name = models.CharField(_("last name"), max_length=100)
    first_name = models.CharField(_("first name"), max_length=100)
    middle_name = models.CharField(_("middle name"), max_length=100, blank=True)
    birth_date = models.DateField(_("birth date"), validators=[validate_birth_date])
    gender = models.CharField(_("gender"), max_length=1, choices=Gender.choices)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=32, blank=True)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="employees",
        help_text=_("The body or unit whose books the person is on."),
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user account"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="employee",
    )
    is_active = models.BooleanField(_("in service"), default=True)

    class Meta:
        verbose_name = _("employee")
        verbose_name_plural = _("employees")
        ordering = ["last_name", "first_name", "id"]
        indexes = [models.Index(fields=["last_name", "first_name"], name="employee_name_idx")]

    def __str__(self) -> str:
        return person_name(self.last_name, self.first_name, self.middle_name)

    def save(self, *args: Any, **kwargs: Any) -> None:
        kwargs["update_fields"] = save_fields(self, kwargs.get("update_fields"))
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("people:employee_detail", args=[self.pk])


class EmployeeOwned(ScopedModel):
    """Abstract base of a row that belongs to one person (a post held, a certificate, an
    attempt, a plan…): scoped by the person's organisation, the person's own row for an
    own-row grant. A model whose link to the person differs (a reverse name, ``PROTECT``, an
    index another index covers) declares its own ``employee`` field; the scope stays."""

    scope_org_path: ClassVar[str | None] = "employee__organisation__path"
    scope_self_field: ClassVar[str | None] = "employee__user"

    employee = models.ForeignKey(
        Employee, verbose_name=_("employee"), on_delete=models.CASCADE, related_name="+"
    )

    class Meta:
        abstract = True


class Assignment(EmployeeOwned):
    """A person in a post from a date, until a date or open-ended; main or concurrent."""

    # A change or removal made by hand needs its reason (cadre.core.reasons).
    audit_reason_required: ClassVar[frozenset[str]] = CHANGE_AND_DELETE

    employee = models.ForeignKey(
        Employee, verbose_name=_("employee"), on_delete=models.CASCADE, related_name="assignments"
    )
    post = models.ForeignKey(
        Post,
        verbose_name=_("post"),
        on_delete=models.PROTECT,
        related_name="assignments",
        db_index=False,  # assignment_post_idx (post, end_date) serves lookups by post
    )
    kind = models.CharField(
        _("kind"), max_length=10, choices=AssignmentKind.choices, default=AssignmentKind.MAIN
    )
    start_date = models.DateField(_("from"))
    end_date = models.DateField(_("until"), null=True, blank=True)

    class Meta:
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        ordering = ["-start_date"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="assignment_ends_after_start",
                violation_error_message=_("An assignment cannot end before it starts."),
            ),
            models.UniqueConstraint(
                fields=["employee"],
                condition=Q(kind="main", end_date__isnull=True),
                name="assignment_one_open_main_post",
                violation_error_message=_("A person holds one main post at a time."),
            ),
        ]
        indexes = [models.Index(fields=["post", "end_date"], name="assignment_post_idx")]

    def __str__(self) -> str:
        return f"{self.employee} — {self.post.title}"


class Education(EmployeeOwned):
    # A change or removal made by hand needs its reason (cadre.core.reasons).
    audit_reason_required: ClassVar[frozenset[str]] = CHANGE_AND_DELETE

    employee = models.ForeignKey(
        Employee, verbose_name=_("employee"), on_delete=models.CASCADE, related_name="education"
    )
    level = models.PositiveSmallIntegerField(_("level"), choices=EducationLevel.choices)
    specialty = models.ForeignKey(
        Specialty,
        verbose_name=_("specialty"),
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,  # education is read by person; a specialty is rarely deleted
    )
    institution = models.CharField(_("institution"), max_length=255, blank=True)
    year = models.PositiveSmallIntegerField(_("year of graduation"), null=True, blank=True)

    class Meta:
        verbose_name = _("education")
        verbose_name_plural = _("education")
        ordering = ["-level"]

    def __str__(self) -> str:
        return f"{self.get_level_display()}: {self.specialty.name}"


class Certification(EmployeeOwned):
    # A change or removal made by hand needs its reason (cadre.core.reasons).
    audit_reason_required: ClassVar[frozenset[str]] = CHANGE_AND_DELETE

    employee = models.ForeignKey(
        Employee,
        verbose_name=_("employee"),
        on_delete=models.CASCADE,
        related_name="certifications",
    )
    name = models.CharField(_("name"), max_length=255)
    issuer = models.CharField(_("issuer"), max_length=255, blank=True)
    number = models.CharField(_("number"), max_length=64, blank=True)
    issued_on = models.DateField(_("issued on"))
    expires_on = models.DateField(_("expires on"), null=True, blank=True)

    class Meta:
        verbose_name = _("certification")
        verbose_name_plural = _("certifications")
        ordering = ["-issued_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(expires_on__isnull=True) | Q(expires_on__gte=models.F("issued_on")),
                name="certification_expires_after_issue",
                violation_error_message=_("A certificate cannot expire before it is issued."),
            )
        ]

    def __str__(self) -> str:
        return self.name


class OrganisationFigures(models.Model):
    """The registry indicators of an organisation's whole subtree, precomputed from the
    records by ``selectors.figures_refresh`` so that dashboards of a region or a country
    read one row instead of counting a million people. Never edited by hand."""

    organisation = models.OneToOneField(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="figures",
    )
    computed_at = models.DateTimeField(_("computed at"))
    headcount = models.PositiveIntegerField(default=0)
    it_headcount = models.PositiveIntegerField(default=0)
    it_without_it_specialty = models.PositiveIntegerField(default=0)
    it_by_level = models.JSONField(default=dict)
    it_units = models.PositiveIntegerField(default=0)
    it_units_without_specialist = models.PositiveIntegerField(default=0)
    positions = models.PositiveIntegerField(default=0)
    filled = models.PositiveIntegerField(default=0)
    vacancies = models.PositiveIntegerField(default=0)
    posts_with_vacancies = models.PositiveIntegerField(default=0)
    concurrent_it_duties = models.PositiveIntegerField(default=0)
    bodies_with_digital_lead = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("organisation figures")
        verbose_name_plural = _("organisation figures")

    def __str__(self) -> str:
        return f"{self.organisation_id} @ {self.computed_at:%Y-%m-%d %H:%M}"


def current_q(prefix: str = "", on: dt.date | None = None) -> Q:
    """Assignments in force on ``on`` (today by default)."""
    day = on or timezone.localdate()
    return Q(**{f"{prefix}start_date__lte": day}) & (
        Q(**{f"{prefix}end_date__isnull": True}) | Q(**{f"{prefix}end_date__gte": day})
    )


def placed_q(path: str) -> Q:
    """People with a main post in force in the subtree at ``path`` (whoever keeps their
    books): the view scope of a subtree reaches them, as they count there."""
    return Q(
        pk__in=Assignment.objects.filter(
            current_q(), subtree_q("post__organisation__path", path), kind=AssignmentKind.MAIN
        ).values("employee_id")
    )
