"""Assessment: knowledge tests, appraisals, the evidence they leave, the current proficiency
it adds up to, and the precomputed gaps against position standards.

A result never changes after it is recorded: each becomes ``Evidence`` rows (one per
competency it says something about). ``Proficiency`` is the person's current level in a
competency, combined from the evidence by the written rule (``cadre.assessments.proficiency``,
``docs/competencies.md``); it is keyed by framework and competency code, so evidence taken
under an older framework version still counts. ``GapCell`` holds the gap figures of every
organisation's subtree per competency, recomputed by a batch (``cadre.assessments.gaps``).
"""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cadre.assessments.choices import (
    AppraiserRole,
    AttemptStatus,
    CampaignStatus,
    Instrument,
    QuestionKind,
    Relation,
)
from cadre.competencies.models import Competency, Framework
from cadre.core.models import TimeStampedModel
from cadre.core.scoping import ScopedModel
from cadre.core.translated import pick
from cadre.orgs.models import Organisation
from cadre.people.models import Employee, EmployeeOwned


class Evidence(EmployeeOwned):
    """One observation of a person's level in a competency, with where it came from."""

    employee = models.ForeignKey(
        Employee,
        verbose_name=_("employee"),
        on_delete=models.CASCADE,
        related_name="evidence",
        db_index=False,  # evidence_key_idx leads with it
    )
    competency = models.ForeignKey(
        Competency, verbose_name=_("competency"), on_delete=models.PROTECT, related_name="+"
    )
    framework = models.ForeignKey(
        Framework, verbose_name=_("framework"), on_delete=models.PROTECT, related_name="+"
    )
    code = models.CharField(_("competency code"), max_length=32)
    level = models.PositiveSmallIntegerField(_("level"))
    instrument = models.CharField(_("instrument"), max_length=10, choices=Instrument.choices)
    source = models.CharField(
        _("source"), max_length=64, help_text=_("The result it comes from, e.g. attempt:12.")
    )
    observed_at = models.DateTimeField(_("observed at"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,
    )

    class Meta:
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")
        ordering = ["-observed_at"]
        indexes = [
            models.Index(
                fields=["employee", "framework", "code", "-observed_at"], name="evidence_key_idx"
            )
        ]

    def __str__(self) -> str:
        return f"{self.code} = {self.level} ({self.get_instrument_display()})"


class Proficiency(EmployeeOwned):
    """The current level of a person in a competency, combined from the evidence."""

    employee = models.ForeignKey(
        Employee,
        verbose_name=_("employee"),
        on_delete=models.CASCADE,
        related_name="proficiencies",
        db_index=False,  # proficiency_key unique index leads with it
    )
    framework = models.ForeignKey(
        Framework, verbose_name=_("framework"), on_delete=models.PROTECT, related_name="+"
    )
    code = models.CharField(_("competency code"), max_length=32)
    level = models.PositiveSmallIntegerField(_("level"))
    basis = models.JSONField(
        _("basis"), default=dict, help_text=_("The latest level from each instrument that counted.")
    )
    computed_at = models.DateTimeField(_("computed at"))

    class Meta:
        verbose_name = _("proficiency")
        verbose_name_plural = _("proficiencies")
        ordering = ["employee", "framework", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["employee", "framework", "code"], name="proficiency_key"
            )
        ]

    def __str__(self) -> str:
        return f"{self.code} = {self.level}"


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


class Appraisal(EmployeeOwned):
    """A self- or manager assessment of a person against their position standard."""

    scope_self_field: ClassVar[str | None] = "appraiser"

    employee = models.ForeignKey(
        Employee, verbose_name=_("employee"), on_delete=models.CASCADE, related_name="appraisals"
    )
    appraiser = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("appraiser"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    role = models.CharField(_("as"), max_length=12, choices=AppraiserRole.choices)
    submitted_at = models.DateTimeField(_("submitted at"))
    levels = models.JSONField(
        _("levels"), help_text=_("{competency id: level} for the competencies of the standard.")
    )

    class Meta:
        verbose_name = _("appraisal")
        verbose_name_plural = _("appraisals")
        ordering = ["-submitted_at"]

    def __str__(self) -> str:
        return f"{self.employee} — {self.get_role_display()} ({self.submitted_at:%Y-%m-%d})"


class Campaign(TimeStampedModel):
    """Who is assessed with what, by when: the people in service of an organisation's
    subtree whose post has a standard in force, with a test, self and manager assessment
    and 360° feedback as chosen."""

    scope_org_path: ClassVar[str | None] = "organisation__path"

    organisation = models.ForeignKey(
        Organisation, verbose_name=_("whose people"), on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(_("title"), max_length=255)
    test = models.ForeignKey(
        Test,
        verbose_name=_("test"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    self_assessment = models.BooleanField(_("self-assessment"), default=True)
    manager_assessment = models.BooleanField(_("manager assessment"), default=True)
    feedback = models.BooleanField(_("360° feedback"), default=False)
    peers = models.PositiveSmallIntegerField(
        _("peers asked"), default=4, help_text=_("Colleagues of the same unit asked for feedback.")
    )
    closes_on = models.DateField(_("due by"))
    status = models.CharField(
        _("status"), max_length=10, choices=CampaignStatus.choices, default=CampaignStatus.DRAFT
    )
    launched_at = models.DateTimeField(_("launched at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("assessment campaign")
        verbose_name_plural = _("assessment campaigns")
        ordering = ["-closes_on", "title"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("assessments:campaign_detail", args=[self.pk])


class Participant(EmployeeOwned):
    """A person assessed in a campaign and what they have done of it."""

    campaign = models.ForeignKey(
        Campaign,
        verbose_name=_("campaign"),
        on_delete=models.CASCADE,
        related_name="participants",
        db_index=False,  # participant_once leads with it
    )
    test_done = models.BooleanField(_("test taken"), default=False)
    self_done = models.BooleanField(_("self-assessment made"), default=False)
    manager_done = models.BooleanField(_("manager assessment made"), default=False)
    reminded_at = models.DateTimeField(_("last reminded"), null=True, blank=True)

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        ordering = ["campaign", "employee"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "employee"], name="participant_once")
        ]

    def __str__(self) -> str:
        return f"{self.campaign} — {self.employee}"


class FeedbackRequest(models.Model):
    """A 360° respondent asked about a person. Their levels are never shown one by one:
    the person and their managers see averages only, and only from
    ``CADRE_FEEDBACK_MIN_RESPONDENTS`` answers up."""

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("campaign"), on_delete=models.CASCADE, related_name="requests"
    )
    employee = models.ForeignKey(
        Employee, verbose_name=_("person assessed"), on_delete=models.CASCADE, related_name="+"
    )
    respondent = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("respondent"),
        on_delete=models.CASCADE,
        related_name="feedback_requests",
    )
    relation = models.CharField(_("relation"), max_length=12, choices=Relation.choices)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    levels = models.JSONField(_("levels"), default=dict, blank=True)

    class Meta:
        verbose_name = _("feedback request")
        verbose_name_plural = _("feedback requests")
        ordering = ["campaign", "employee"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "employee", "respondent"], name="feedback_request_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.campaign_id}: {self.employee_id} ← {self.respondent_id}"


class GapCell(ScopedModel):
    """The gap figures of one organisation's whole subtree in one competency, as of the last
    batch: how many people the standard requires it of, how many are below the required
    level, the sum of their shortfalls and of the required levels."""

    scope_org_path: ClassVar[str | None] = "organisation__path"

    # A derived table, replaced whole by the batch: no foreign-key checks on its million
    # rows (Django still deletes a cell with its organisation or framework).
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="+",
        db_index=False,  # gapcell_key leads with it
        db_constraint=False,
    )
    framework = models.ForeignKey(
        Framework,
        verbose_name=_("framework"),
        on_delete=models.CASCADE,
        related_name="+",
        db_index=False,
        db_constraint=False,
    )
    code = models.CharField(_("competency code"), max_length=32)
    people = models.PositiveIntegerField(_("people required"))
    below = models.PositiveIntegerField(_("people below the required level"))
    shortfall = models.PositiveIntegerField(_("sum of shortfalls"))
    required = models.PositiveIntegerField(_("sum of required levels"))
    computed_at = models.DateTimeField(_("computed at"))

    class Meta:
        verbose_name = _("gap cell")
        verbose_name_plural = _("gap cells")
        ordering = ["organisation", "framework", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "framework", "code"], name="gapcell_key"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation_id} {self.code}: {self.below}/{self.people}"

    @property
    def share_below(self) -> float:
        return self.below / self.people if self.people else 0.0
