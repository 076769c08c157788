"""Competitions for vacant posts (docs/talent.md, "Competitions"; decision 0032): a
competition for one vacancy goes through its stages — announcement on a public page,
applications, document check, a knowledge test with pass marks per section, an interview
by a commission, the decision and the appointment. Commission members are recused from the
applications they have a conflict with; each member's scores are kept."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cadre.assessments.models import Test
from cadre.competitions.choices import ApplicantKind, ApplicationState, Stage
from cadre.core.scoping import ScopedModel
from cadre.core.translated import pick
from cadre.orgs.models import Organisation
from cadre.people.models import Employee
from cadre.talent.models import ReserveEntry, Vacancy

MAX_SCORE = 10


class Competition(ScopedModel):
    """A competition to fill one vacancy of a body: its announcement in each UI language,
    the deadline for applications, the knowledge test (if any), the commission and the
    outcome. Seen by the body's HR and by its commission members."""

    scope_org_path: ClassVar[str | None] = "organisation__path"
    scope_member_field: ClassVar[str | None] = "members__user"
    scope_many: ClassVar[bool] = True

    vacancy = models.ForeignKey(
        Vacancy, verbose_name=_("vacancy"), on_delete=models.PROTECT, related_name="+"
    )
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("body"), on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(_("title"), max_length=255)
    announcement = models.JSONField(_("announcement"), default=dict)
    test = models.ForeignKey(
        Test,
        verbose_name=_("knowledge test"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    applications_close = models.DateField(_("applications close on"))
    interview_on = models.DateField(_("interview on"), null=True, blank=True)
    stage = models.CharField(
        _("stage"), max_length=12, choices=Stage.choices, default=Stage.ANNOUNCED
    )
    published_at = models.DateTimeField(_("published at"))
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    decision_reason = models.TextField(_("reasons of the decision"), blank=True)
    appointed_at = models.DateTimeField(_("appointed at"), null=True, blank=True)
    # When HR was last reminded of the closed deadline (the daily job reminds once).
    reminded_at = models.DateTimeField(_("reminded at"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("competition")
        verbose_name_plural = _("competitions")
        ordering = ["-published_at", "-pk"]
        indexes = [models.Index(fields=["stage", "applications_close"], name="competition_due")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("competitions:competition_detail", args=[self.pk])

    def public_url(self) -> str:
        return reverse("competitions_public:announcement", args=[self.pk])

    def announcement_text(self) -> str:
        return pick(self.announcement)


class Application(ScopedModel):
    """A person's application to a competition: an employee's (``employee`` set) or an
    external candidate's (``user`` only). Its state follows the stages; the test's section
    results and the commission's mean score are kept on it."""

    scope_org_path: ClassVar[str | None] = "competition__organisation__path"
    scope_self_field: ClassVar[str | None] = "user"
    scope_member_field: ClassVar[str | None] = "competition__members__user"
    scope_many: ClassVar[bool] = True

    competition = models.ForeignKey(
        Competition,
        verbose_name=_("competition"),
        on_delete=models.CASCADE,
        related_name="applications",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("applicant"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    employee = models.ForeignKey(
        Employee,
        verbose_name=_("employee"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    kind = models.CharField(_("applicant"), max_length=10, choices=ApplicantKind.choices)
    state = models.CharField(
        _("state"),
        max_length=12,
        choices=ApplicationState.choices,
        default=ApplicationState.SUBMITTED,
    )
    submitted_at = models.DateTimeField(_("submitted at"))
    motivation = models.TextField(_("motivation"), blank=True)
    check_reason = models.TextField(_("reason of the document check"), blank=True)
    test_sections = models.JSONField(_("test results by section"), default=list, blank=True)
    test_correct = models.PositiveSmallIntegerField(_("correct answers"), null=True, blank=True)
    score = models.DecimalField(
        _("mean interview score"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    reserve_entry = models.ForeignKey(
        ReserveEntry,
        verbose_name=_("reserve entry"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        ordering = ["competition", "submitted_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["competition", "user"],
                name="competition_application_once",
                violation_error_message=_("You have already applied to this competition."),
            ),
            models.CheckConstraint(
                condition=Q(kind="external", employee__isnull=True)
                | Q(kind="internal", employee__isnull=False),
                name="competition_application_kind",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.applicant_name()} · {self.competition}"

    def applicant_name(self) -> str:
        if self.employee is not None:
            return str(self.employee)
        return self.user.get_full_name() or self.user.username

    def get_absolute_url(self) -> str:
        return reverse("competitions:application_detail", args=[self.pk])


class Member(models.Model):
    """A member of a competition's commission; ``present`` is recorded at the interview."""

    competition = models.ForeignKey(
        Competition, verbose_name=_("competition"), on_delete=models.CASCADE, related_name="members"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("member"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    is_chair = models.BooleanField(_("chair"), default=False)
    present = models.BooleanField(_("present at the interview"), null=True, blank=True)

    class Meta:
        verbose_name = _("commission member")
        verbose_name_plural = _("commission members")
        ordering = ["competition", "-is_chair", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["competition", "user"],
                name="competition_member_once",
                violation_error_message=_("This person is already on the commission."),
            )
        ]

    def __str__(self) -> str:
        return self.user.get_full_name() or self.user.username


class Recusal(models.Model):
    """A member kept from scoring one application: a conflict found (same body as the
    candidate, their line manager) or declared by the member."""

    member = models.ForeignKey(
        Member, verbose_name=_("member"), on_delete=models.CASCADE, related_name="recusals"
    )
    application = models.ForeignKey(
        Application,
        verbose_name=_("application"),
        on_delete=models.CASCADE,
        related_name="recusals",
    )
    reason = models.CharField(_("reason"), max_length=255)

    class Meta:
        verbose_name = _("recusal")
        verbose_name_plural = _("recusals")
        constraints = [
            models.UniqueConstraint(
                fields=["member", "application"], name="competition_recusal_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.member}: {self.reason}"


class Score(models.Model):
    """One member's score of one application at the interview (0 to 10)."""

    application = models.ForeignKey(
        Application, verbose_name=_("application"), on_delete=models.CASCADE, related_name="scores"
    )
    member = models.ForeignKey(
        Member, verbose_name=_("member"), on_delete=models.PROTECT, related_name="scores"
    )
    score = models.PositiveSmallIntegerField(_("score"))
    comment = models.TextField(_("comment"), blank=True)
    recorded_at = models.DateTimeField(_("recorded at"))

    class Meta:
        verbose_name = _("interview score")
        verbose_name_plural = _("interview scores")
        ordering = ["application", "member"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "member"],
                name="competition_score_once",
                violation_error_message=_("You have already scored this candidate."),
            ),
            models.CheckConstraint(
                condition=Q(score__lte=MAX_SCORE), name="competition_score_scale"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member} → {self.application}: {self.score}"
