"""Learning: courses of training providers, their sessions, enrolments and the certificates
Cadre issues on completion (verifiable by anyone). ``docs/learning.md``.

A course builds competencies to levels (``CourseOutcome``); completing it with a pass
issues a certificate and records ``course`` evidence of those levels, so the person's
proficiency — and their gap — changes without anyone typing it.
"""

from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cadre.competencies.models import Competency, Framework
from cadre.core.models import TimeStampedModel
from cadre.core.scoping import ScopedModel
from cadre.core.translated import pick
from cadre.learning.choices import CourseFormat, EnrolmentStatus, PlanStatus, TargetKind
from cadre.orgs.choices import Currency
from cadre.orgs.models import Organisation
from cadre.people.models import Employee, EmployeeOwned


class Course(TimeStampedModel):
    """A course in the national catalogue, kept by its provider (a competence centre,
    academy or university in the organisation tree)."""

    scope_org_path: ClassVar[str | None] = "provider__path"
    scope_reference: ClassVar[bool] = True  # the catalogue: every signed-in user reads it

    provider = models.ForeignKey(
        Organisation, verbose_name=_("provider"), on_delete=models.PROTECT, related_name="+"
    )
    code = models.CharField(
        _("code"),
        max_length=64,
        unique=True,
        error_messages={"unique": _("A course with this code already exists.")},
    )
    titles = models.JSONField(_("title"), default=dict)
    # What the course teaches, per language (decision 0011); a reader gets theirs, else
    # English, else the first given (issue 18, item 5).
    descriptions = models.JSONField(_("description"), default=dict, blank=True)
    hours = models.PositiveSmallIntegerField(_("hours"))
    format = models.CharField(_("format"), max_length=10, choices=CourseFormat.choices)
    cost = models.DecimalField(_("cost"), max_digits=14, decimal_places=2, default=0)
    currency = models.CharField(_("currency"), max_length=3, choices=Currency.choices)
    languages = models.JSONField(_("languages"), default=list, blank=True)
    prerequisites = models.ManyToManyField(
        "self", verbose_name=_("prerequisites"), symmetrical=False, blank=True, related_name="+"
    )
    certificate_months = models.PositiveSmallIntegerField(
        _("certificate valid, months"),
        null=True,
        blank=True,
        help_text=_("Empty: the certificate does not expire."),
    )

    class Meta:
        verbose_name = _("course")
        verbose_name_plural = _("courses")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(cost__gte=0),
                name="course_cost_not_negative",
                violation_error_message=_("A cost cannot be negative."),
            ),
            models.CheckConstraint(
                condition=Q(hours__gte=1),
                name="course_has_hours",
                violation_error_message=_("A course lasts at least one hour."),
            ),
        ]

    def __str__(self) -> str:
        return pick(self.titles) or self.code

    @property
    def description(self) -> str:
        """The description in the reader's language (else English, else the first)."""
        return pick(self.descriptions)

    def get_absolute_url(self) -> str:
        return reverse("learning:course_detail", args=[self.pk])


class CourseOutcome(models.Model):
    """A competency the course builds, and to which level."""

    course = models.ForeignKey(
        Course, verbose_name=_("course"), on_delete=models.CASCADE, related_name="outcomes"
    )
    competency = models.ForeignKey(
        Competency, verbose_name=_("competency"), on_delete=models.PROTECT, related_name="+"
    )
    level = models.PositiveSmallIntegerField(_("level built"))

    class Meta:
        verbose_name = _("course outcome")
        verbose_name_plural = _("course outcomes")
        constraints = [
            models.UniqueConstraint(fields=["course", "competency"], name="outcome_once")
        ]

    def __str__(self) -> str:
        return f"{self.competency.code} → {self.level}"


class Session(ScopedModel):
    """A cohort of a course: dates, capacity, place or online."""

    scope_org_path: ClassVar[str | None] = "course__provider__path"
    scope_reference: ClassVar[bool] = True

    course = models.ForeignKey(
        Course, verbose_name=_("course"), on_delete=models.CASCADE, related_name="sessions"
    )
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    capacity = models.PositiveSmallIntegerField(_("places"))
    location = models.CharField(_("location"), max_length=255, blank=True)
    online = models.BooleanField(_("online"), default=False)

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        ordering = ["starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")),
                name="session_ends_after_start",
                violation_error_message=_("A session cannot end before it starts."),
            ),
            models.CheckConstraint(
                condition=Q(capacity__gte=1),
                name="session_has_places",
                violation_error_message=_("A session has at least one place."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.course} · {self.starts_on:%Y-%m-%d}"

    def get_absolute_url(self) -> str:
        return reverse("learning:session_detail", args=[self.pk])


class Enrolment(EmployeeOwned):
    """A person in a session: requested, enrolled, then completed (with a result) or not."""

    session = models.ForeignKey(
        Session,
        verbose_name=_("session"),
        on_delete=models.PROTECT,
        related_name="enrolments",
        db_index=False,  # enrolment_once leads with it
    )
    status = models.CharField(_("status"), max_length=12, choices=EnrolmentStatus.choices)
    attended_hours = models.PositiveSmallIntegerField(_("hours attended"), default=0)
    score = models.PositiveSmallIntegerField(_("score"), null=True, blank=True)
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        ordering = ["session", "employee"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "employee"],
                name="enrolment_once",
                violation_error_message=_("The person is already in this session."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.employee} — {self.session}"


class Certificate(EmployeeOwned):
    """A certificate Cadre issued on completing a course. Its public identifier carries a
    signature, so anyone can check it at ``/v/<identifier>/`` without signing in."""

    employee = models.ForeignKey(
        Employee,
        verbose_name=_("employee"),
        on_delete=models.PROTECT,
        related_name="learning_certificates",
    )
    course = models.ForeignKey(
        Course, verbose_name=_("course"), on_delete=models.PROTECT, related_name="+"
    )
    enrolment = models.OneToOneField(
        Enrolment,
        verbose_name=_("enrolment"),
        on_delete=models.PROTECT,
        related_name="certificate",
    )
    identifier = models.CharField(_("identifier"), max_length=80, unique=True)
    issued_on = models.DateField(_("issued on"))
    expires_on = models.DateField(_("expires on"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_reason = models.CharField(_("reason for revoking"), max_length=255, blank=True)
    expiry_alerted_on = models.DateField(
        _("expiry alert sent on"), null=True, blank=True, editable=False
    )

    class Meta:
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        ordering = ["-issued_on"]

    def __str__(self) -> str:
        return self.identifier

    def get_absolute_url(self) -> str:
        return reverse("learning_public:verify", args=[self.identifier])


class LearningPlan(EmployeeOwned):
    """Courses that close a person's gaps against their standard, in order, by dates;
    generated from the gaps, adjusted and approved by the manager."""

    status = models.CharField(
        _("status"), max_length=10, choices=PlanStatus.choices, default=PlanStatus.DRAFT
    )
    due_on = models.DateField(_("complete by"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)

    class Meta:
        verbose_name = _("learning plan")
        verbose_name_plural = _("learning plans")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.employee} — {self.due_on:%Y-%m-%d}"

    def get_absolute_url(self) -> str:
        return reverse("learning:plan_detail", args=[self.pk])


class PlanItem(models.Model):
    plan = models.ForeignKey(
        LearningPlan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="items"
    )
    position = models.PositiveSmallIntegerField(_("order"))
    course = models.ForeignKey(
        Course,
        verbose_name=_("course"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    code = models.CharField(
        _("competency code"), max_length=32, blank=True, help_text=_("The gap it closes.")
    )
    due_on = models.DateField(_("by"))

    class Meta:
        verbose_name = _("plan item")
        verbose_name_plural = _("plan items")
        ordering = ["plan", "position"]

    def __str__(self) -> str:
        return f"{self.position}. {self.course or self.code}"


class TrainingTarget(TimeStampedModel):
    """ "At least 20 digital transformation experts by 2025-12-31", "all commune officers
    complete the basic course": counted from certificates and proficiency."""

    scope_org_path: ClassVar[str | None] = "organisation__path"

    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(_("title"), max_length=255)
    kind = models.CharField(_("counts"), max_length=12, choices=TargetKind.choices)
    course = models.ForeignKey(
        Course,
        verbose_name=_("course"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    framework = models.ForeignKey(
        Framework,
        verbose_name=_("framework"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    code = models.CharField(_("competency code"), max_length=32, blank=True)
    level = models.PositiveSmallIntegerField(_("level"), null=True, blank=True)
    target = models.PositiveIntegerField(
        _("target number"), null=True, blank=True, help_text=_("Empty: everyone in service.")
    )
    due_on = models.DateField(_("by"))

    class Meta:
        verbose_name = _("training target")
        verbose_name_plural = _("training targets")
        ordering = ["due_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="course", course__isnull=False)
                | Q(kind="competency", framework__isnull=False, level__isnull=False),
                name="target_says_what_counts",
                violation_error_message=_(
                    "Say which course, or which competency and level, the target counts."
                ),
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("learning:trainingtarget_detail", args=[self.pk])
