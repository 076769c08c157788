"""Contests with juries (``docs/talent.md``, "Contests"; decision 0031): a body organises a
contest in categories with dated stages and eligibility rules; a rubric of weighted
criteria, each with a descriptor per score level and, where it says something about a
competency, the level of that competency each score shows (the evidence map). People —
employees and external candidates — apply with a project; jurors of the entry's category
score it, criterion by criterion, unless recused; the results rank the entries on
per-juror normalised totals.
"""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cadre.competencies.models import Competency
from cadre.contests.choices import ConflictKind, EntryState, OpenTo, Outcome
from cadre.core.models import TimeStampedModel
from cadre.orgs.models import Organisation
from cadre.people.models import Employee


def evidence_storage() -> FileSystemStorage:
    """Project files are kept under the data directory, never served as public media."""
    return FileSystemStorage(location=Path(settings.DATA_DIR) / "contest-files", base_url=None)


class Contest(TimeStampedModel):
    """A contest organised by a body; its stages follow the dates."""

    scope_org_path: ClassVar[str | None] = "organisation__path"
    scope_member_field: ClassVar[str | None] = "jurors__user"
    scope_many: ClassVar[bool] = True

    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organiser"), on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(_("title"), max_length=255)
    description = models.TextField(_("description"), blank=True)
    applications_open = models.DateField(_("applications open"))
    applications_close = models.DateField(_("applications close"))
    screening_close = models.DateField(_("screening ends"))
    scoring_close = models.DateField(_("jury scoring ends"))
    final_on = models.DateField(_("final"))
    results_on = models.DateField(_("results announced"))
    open_to = models.CharField(
        _("open to"), max_length=10, choices=OpenTo.choices, default=OpenTo.ALL
    )
    max_age = models.PositiveSmallIntegerField(
        _("maximum age"),
        null=True,
        blank=True,
        validators=[MinValueValidator(14), MaxValueValidator(99)],
        help_text=_("Applicants older than this on the closing day are not eligible."),
    )
    eligibility = models.TextField(_("eligibility rules"), blank=True)
    scale_max = models.PositiveSmallIntegerField(
        _("highest score"),
        default=5,
        validators=[MinValueValidator(2), MaxValueValidator(10)],
        help_text=_("Jurors score each criterion from 1 to this number."),
    )
    min_scores = models.PositiveSmallIntegerField(
        _("jurors per entry"),
        default=3,
        validators=[MinValueValidator(3), MaxValueValidator(20)],
        help_text=_("An entry counts in the results once this many jurors have scored it."),
    )
    disagreement = models.DecimalField(
        _("disagreement threshold"),
        max_digits=4,
        decimal_places=2,
        default=1.5,
        validators=[MinValueValidator(0)],
        help_text=_(
            "An entry whose jurors' weighted totals differ by more than this many points "
            "is flagged for discussion."
        ),
    )
    winners = models.PositiveSmallIntegerField(_("winners per category"), default=2)
    finalists = models.PositiveSmallIntegerField(
        _("finalists per category"), default=3, help_text=_("Ranked after the winners.")
    )
    post_group = models.CharField(
        _("post group of the reserve"),
        max_length=64,
        blank=True,
        help_text=_("Winners and finalists enter the talent reserve for this post group."),
    )
    published = models.BooleanField(_("published"), default=False)
    results_at = models.DateTimeField(_("results published at"), null=True, blank=True)
    agreement = models.JSONField(_("inter-rater agreement"), default=dict, blank=True)

    class Meta:
        verbose_name = _("contest")
        verbose_name_plural = _("contests")
        ordering = ["-applications_open", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(applications_close__gte=F("applications_open"))
                & Q(screening_close__gte=F("applications_close"))
                & Q(scoring_close__gte=F("screening_close"))
                & Q(final_on__gte=F("scoring_close"))
                & Q(results_on__gte=F("final_on")),
                name="contest_stages_in_order",
                violation_error_message=_(
                    "The stages follow each other: applications, screening, jury scoring, "
                    "final, results."
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("contests:contest_detail", args=[self.pk])


class Category(models.Model):
    """A category of a contest (digital government, data, mobile…)."""

    contest = models.ForeignKey(
        Contest, verbose_name=_("contest"), on_delete=models.CASCADE, related_name="categories"
    )
    code = models.CharField(_("code"), max_length=32)
    name = models.CharField(_("name"), max_length=255)
    winners = models.PositiveSmallIntegerField(
        _("winners"),
        null=True,
        blank=True,
        help_text=_("Winners in this category; empty: the contest's number per category."),
    )

    class Meta:
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(
                fields=["contest", "code"],
                name="contest_category_code_once",
                violation_error_message=_("The contest has a category with this code already."),
            )
        ]

    def __str__(self) -> str:
        return self.name


class Criterion(models.Model):
    """A criterion of the rubric: its weight, what each score means, and the evidence map
    (the competency it shows and the level each score stands for)."""

    contest = models.ForeignKey(
        Contest, verbose_name=_("contest"), on_delete=models.CASCADE, related_name="criteria"
    )
    code = models.CharField(_("code"), max_length=32)
    name = models.CharField(_("name"), max_length=255)
    weight = models.PositiveSmallIntegerField(
        _("weight"), validators=[MinValueValidator(1), MaxValueValidator(100)]
    )
    descriptors = models.JSONField(
        _("descriptors"), default=dict, help_text=_("What each score means: {score: text}.")
    )
    competency = models.ForeignKey(
        Competency,
        verbose_name=_("competency"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    levels = models.JSONField(
        _("competency levels"),
        default=dict,
        blank=True,
        help_text=_("The competency level each score shows: {score: level}."),
    )

    class Meta:
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(
                fields=["contest", "code"],
                name="contest_criterion_code_once",
                violation_error_message=_("The rubric has a criterion with this code already."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.code} · {self.name}"


class Juror(models.Model):
    """A member of the jury of one category of a contest."""

    contest = models.ForeignKey(
        Contest, verbose_name=_("contest"), on_delete=models.CASCADE, related_name="jurors"
    )
    category = models.ForeignKey(
        Category, verbose_name=_("category"), on_delete=models.CASCADE, related_name="jurors"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("juror"),
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("juror")
        verbose_name_plural = _("jurors")
        constraints = [
            models.UniqueConstraint(
                fields=["category", "user"],
                name="contest_juror_once",
                violation_error_message=_("This person sits on the category's jury already."),
            )
        ]

    def __str__(self) -> str:
        return str(self.user.get_full_name() or self.user.username)


class Application(TimeStampedModel):
    """An entry: a person's project in a category of a contest. A calibration entry is
    the organiser's, scored first by every juror of the category, and left out of the
    results."""

    scope_org_path: ClassVar[str | None] = "contest__organisation__path"
    scope_self_field: ClassVar[str | None] = "applicant"
    scope_member_field: ClassVar[str | None] = "category__jurors__user"
    scope_many: ClassVar[bool] = True

    contest = models.ForeignKey(
        Contest, verbose_name=_("contest"), on_delete=models.PROTECT, related_name="entries"
    )
    category = models.ForeignKey(
        Category, verbose_name=_("category"), on_delete=models.PROTECT, related_name="entries"
    )
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("applicant"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    employee = models.ForeignKey(
        Employee,
        verbose_name=_("employee"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    body = models.ForeignKey(
        Organisation,
        verbose_name=_("applicant's body"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    title = models.CharField(_("project"), max_length=255)
    summary = models.TextField(_("project description"))
    file = models.FileField(_("file"), upload_to="%Y/%m/", storage=evidence_storage, blank=True)
    file_name = models.CharField(_("file name"), max_length=255, blank=True)
    state = models.CharField(
        _("state"), max_length=10, choices=EntryState.choices, default=EntryState.SUBMITTED
    )
    is_calibration = models.BooleanField(_("calibration entry"), default=False)
    submitted_at = models.DateTimeField(_("submitted at"))
    screening_note = models.TextField(_("screening note"), blank=True)
    raw_total = models.DecimalField(
        _("raw total"), max_digits=6, decimal_places=3, null=True, blank=True
    )
    z_total = models.DecimalField(
        _("normalised total"), max_digits=7, decimal_places=3, null=True, blank=True
    )
    rank = models.PositiveIntegerField(_("rank"), null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=12, choices=Outcome.choices, blank=True)
    flagged = models.BooleanField(_("jurors disagree"), default=False)
    feedback = models.JSONField(_("feedback"), default=dict, blank=True)

    class Meta:
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        ordering = ["-submitted_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["contest", "applicant"],
                condition=Q(is_calibration=False) & ~Q(state="withdrawn"),
                name="contest_one_application_per_person",
                violation_error_message=_("You have applied to this contest already."),
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("contests:application_detail", args=[self.pk])


class Recusal(models.Model):
    """A juror's conflict with an entry (declared, or found from the records): the juror
    does not score it. Only the organiser reads the kind and the detail."""

    juror = models.ForeignKey(
        Juror, verbose_name=_("juror"), on_delete=models.CASCADE, related_name="recusals"
    )
    application = models.ForeignKey(
        Application, verbose_name=_("application"), on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(_("conflict"), max_length=10, choices=ConflictKind.choices)
    detail = models.TextField(_("detail"), blank=True)
    declared_at = models.DateTimeField(_("declared at"))

    class Meta:
        verbose_name = _("recusal")
        verbose_name_plural = _("recusals")
        constraints = [
            models.UniqueConstraint(fields=["juror", "application"], name="contest_recusal_once")
        ]

    def __str__(self) -> str:
        return f"{self.juror} ≠ {self.application}"


class Score(models.Model):
    """A juror's score of one criterion of an entry (a scorecard is submitted whole)."""

    application = models.ForeignKey(
        Application, verbose_name=_("application"), on_delete=models.CASCADE, related_name="scores"
    )
    juror = models.ForeignKey(
        Juror, verbose_name=_("juror"), on_delete=models.PROTECT, related_name="scores"
    )
    criterion = models.ForeignKey(
        Criterion, verbose_name=_("criterion"), on_delete=models.PROTECT, related_name="+"
    )
    value = models.PositiveSmallIntegerField(_("score"))
    scored_at = models.DateTimeField(_("scored at"))

    class Meta:
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        constraints = [
            models.UniqueConstraint(
                fields=["juror", "application", "criterion"],
                name="contest_score_once",
                violation_error_message=_("You have scored this entry already."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.criterion.code}={self.value}"
