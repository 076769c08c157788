"""Knowledge tests: question banks, tests made of sections drawn from them, and sittings."""

from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cadre.assessments.choices import (
    AttemptStatus,
    QuestionKind,
)
from cadre.competencies.models import Competency
from cadre.core.models import TimeStampedModel
from cadre.core.permissions import DataClass
from cadre.core.translated import pick
from cadre.orgs.models import Organisation
from cadre.people.models import Employee, EmployeeOwned


class QuestionBank(TimeStampedModel):
    """Questions tagged by competency, from which test sections draw."""

    scope_org_path: ClassVar[str | None] = "organisation__path"
    scope_view_ancestors: ClassVar[bool] = True

    organisation = models.ForeignKey(
        Organisation, verbose_name=_("kept by"), on_delete=models.PROTECT, related_name="+"
    )
    code = models.CharField(
        _("code"),
        max_length=64,
        unique=True,
        error_messages={"unique": _("A question bank with this code already exists.")},
    )
    names = models.JSONField(_("name"), default=dict)
    competency = models.ForeignKey(
        Competency,
        verbose_name=_("competency"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("question bank")
        verbose_name_plural = _("question banks")
        ordering = ["code"]

    def __str__(self) -> str:
        return pick(self.names) or self.code

    def get_absolute_url(self) -> str:
        return reverse("assessments:questionbank_detail", args=[self.pk])


class Question(models.Model):
    bank = models.ForeignKey(
        QuestionBank, verbose_name=_("bank"), on_delete=models.CASCADE, related_name="questions"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=QuestionKind.choices)
    text = models.JSONField(_("text"))
    options = models.JSONField(_("options"), help_text=_("A list of {language: text}."))
    correct = models.JSONField(
        _("correct answer"),
        help_text=_("Indexes of the right options; for ordering, all of them in the right order."),
    )
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["bank", "id"]

    def __str__(self) -> str:
        return pick(self.text)[:80]


class Test(TimeStampedModel):
    """A knowledge test: sections that each draw N questions from a bank, a time limit and
    pass marks per section and overall (E-Kyzmet's legislation test is the model)."""

    __test__ = False  # not a pytest test class

    scope_org_path: ClassVar[str | None] = "organisation__path"
    scope_view_ancestors: ClassVar[bool] = True

    organisation = models.ForeignKey(
        Organisation, verbose_name=_("kept by"), on_delete=models.PROTECT, related_name="+"
    )
    code = models.CharField(
        _("code"),
        max_length=64,
        unique=True,
        error_messages={"unique": _("A test with this code already exists.")},
    )
    title = models.CharField(_("title"), max_length=255)
    minutes = models.PositiveSmallIntegerField(_("time limit, minutes"))
    pass_mark = models.PositiveSmallIntegerField(
        _("pass mark"), help_text=_("Correct answers needed overall.")
    )
    is_open = models.BooleanField(
        _("open for taking"), default=False, help_text=_("People in scope may start it.")
    )

    class Meta:
        verbose_name = _("test")
        verbose_name_plural = _("tests")
        ordering = ["title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(minutes__gte=1, minutes__lte=600),
                name="test_minutes_range",
                violation_error_message=_("The time limit is from 1 to 600 minutes."),
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("assessments:test_detail", args=[self.pk])


class TestSection(models.Model):
    __test__ = False

    test = models.ForeignKey(
        Test, verbose_name=_("test"), on_delete=models.CASCADE, related_name="sections"
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    title = models.CharField(_("title"), max_length=255)
    bank = models.ForeignKey(
        QuestionBank, verbose_name=_("bank"), on_delete=models.PROTECT, related_name="+"
    )
    draw = models.PositiveSmallIntegerField(_("questions drawn"))
    pass_mark = models.PositiveSmallIntegerField(
        _("section pass mark"), default=0, help_text=_("Correct answers needed in this section.")
    )
    level = models.PositiveSmallIntegerField(
        _("level shown by passing"),
        null=True,
        blank=True,
        help_text=_("Passing the section is evidence of this level in the bank's competency."),
    )

    class Meta:
        verbose_name = _("test section")
        verbose_name_plural = _("test sections")
        ordering = ["test", "position"]
        constraints = [
            models.CheckConstraint(
                condition=Q(draw__gte=1),
                name="section_draws_questions",
                violation_error_message=_("A section draws at least one question."),
            ),
            models.CheckConstraint(
                condition=Q(pass_mark__lte=models.F("draw")),
                name="section_pass_mark_within_draw",
                violation_error_message=_("A section's pass mark cannot exceed its questions."),
            ),
        ]

    def __str__(self) -> str:
        return self.title


class Attempt(EmployeeOwned):
    """One sitting of a test. The draw and the answers are kept so the result can be
    re-checked; the clock is the server's: ``deadline`` is fixed when the attempt starts."""

    # A person's answers: only roles granted the class, and the person (decision 0016).
    data_class: ClassVar[str | None] = DataClass.ASSESSMENT_ANSWERS

    test = models.ForeignKey(
        Test, verbose_name=_("test"), on_delete=models.PROTECT, related_name="attempts"
    )
    employee = models.ForeignKey(
        Employee, verbose_name=_("employee"), on_delete=models.CASCADE, related_name="attempts"
    )
    status = models.CharField(
        _("status"), max_length=10, choices=AttemptStatus.choices, default=AttemptStatus.OPEN
    )
    started_at = models.DateTimeField(_("started at"))
    deadline = models.DateTimeField(_("deadline"))
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    draw = models.JSONField(_("questions drawn"), default=list)
    answers = models.JSONField(_("answers"), default=dict, blank=True)
    correct = models.PositiveSmallIntegerField(_("correct answers"), null=True, blank=True)
    sections = models.JSONField(_("section results"), default=list, blank=True)
    passed = models.BooleanField(_("passed"), null=True, blank=True)

    class Meta:
        verbose_name = _("attempt")
        verbose_name_plural = _("attempts")
        ordering = ["-started_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["test", "employee"],
                condition=Q(status="open"),
                name="attempt_one_open_per_test",
                violation_error_message=_("You already have this test open."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.test} — {self.employee} ({self.started_at:%Y-%m-%d})"

    def get_absolute_url(self) -> str:
        return reverse("assessments:attempt_detail", args=[self.pk])
