"""Appraisals, and campaigns: who is assessed, by what, with 360° feedback requests."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cadre.assessments.choices import (
    AppraiserRole,
    CampaignStatus,
    Relation,
)
from cadre.assessments.models.knowledge_tests import Test
from cadre.core.models import TimeStampedModel
from cadre.orgs.models import Organisation
from cadre.people.models import Employee, EmployeeOwned


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
