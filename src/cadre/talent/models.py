"""The talent reserve (``docs/talent.md``, decision 0030): people kept in reserve for a
group of posts — an employee or an external candidate, of a body or national — each entry
with its source, the levels that source measured, its term (the country's rule) and its
status; vacancies opened on vacant posts with their position standard; and the proposals
of the matching (a reserve member for a vacancy, with the score and its reasons).
"""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cadre.competencies.models import ProfileVersion
from cadre.core.fields import subtree_q
from cadre.core.models import TimeStampedModel
from cadre.core.reasons import CHANGE_AND_DELETE
from cadre.orgs.models import Organisation, Post
from cadre.people.models import Employee
from cadre.talent.choices import EntryStatus, MatchStatus, Source, VacancyStatus


class ReserveEntry(TimeStampedModel):
    """A person in the reserve for a group of posts of a body (or national: no body).

    Exactly one of ``employee`` and ``candidate`` (the account of an external candidate,
    who has no record in the registry and whose ``levels`` are what the source measured)."""

    scope_org_path: ClassVar[str | None] = "organisation__path"
    scope_self_field: ClassVar[str | None] = "candidate"
    audit_reason_required: ClassVar[frozenset[str]] = CHANGE_AND_DELETE

    @staticmethod
    def scope_subtree_extra(path: str, action: str) -> Q:
        """A national entry is kept and seen where the person's books are kept (an external
        candidate's national entry only by national roles and the candidate)."""
        return Q(organisation__isnull=True) & subtree_q("employee__organisation__path", path)

    employee = models.ForeignKey(
        Employee,
        verbose_name=_("employee"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    candidate = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("external candidate"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("body"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("The body whose reserve it is; blank for the national reserve."),
    )
    post_group = models.CharField(
        _("post group"), max_length=30, help_text=_("The category / grade of the posts.")
    )
    source = models.CharField(_("source"), max_length=12, choices=Source.choices)
    source_ref = models.CharField(_("source reference"), max_length=100, blank=True)
    levels = models.JSONField(
        _("measured levels"),
        default=dict,
        blank=True,
        help_text=_("What the source measured: {competency code: level}."),
    )
    started_on = models.DateField(_("in reserve from"))
    expires_on = models.DateField(_("expires on"))
    region = models.ForeignKey(
        Organisation,
        verbose_name=_("preferred region"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    relocation = models.BooleanField(_("willing to relocate"), default=False)
    status = models.CharField(
        _("status"), max_length=10, choices=EntryStatus.choices, default=EntryStatus.ACTIVE
    )
    status_reason = models.CharField(_("reason of the status"), max_length=500, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approved by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    reminded_on = models.DateField(_("reminded of expiry on"), null=True, blank=True)

    class Meta:
        verbose_name = _("reserve entry")
        verbose_name_plural = _("reserve entries")
        ordering = ["-started_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(employee__isnull=False, candidate__isnull=True)
                | Q(employee__isnull=True, candidate__isnull=False),
                name="talent_entry_one_person",
                violation_error_message=_(
                    "An entry is either for an employee or for an external candidate."
                ),
            ),
            models.CheckConstraint(
                condition=Q(expires_on__gt=models.F("started_on")),
                name="talent_entry_expires_after_start",
                violation_error_message=_("The entry must expire after it starts."),
            ),
            models.UniqueConstraint(
                fields=["employee", "organisation", "post_group"],
                condition=Q(status="active", employee__isnull=False),
                nulls_distinct=False,
                name="talent_entry_employee_once",
                violation_error_message=_(
                    "The person is already in this reserve for this post group."
                ),
            ),
            models.UniqueConstraint(
                fields=["candidate", "organisation", "post_group"],
                condition=Q(status="active", candidate__isnull=False),
                nulls_distinct=False,
                name="talent_entry_candidate_once",
                violation_error_message=_(
                    "The person is already in this reserve for this post group."
                ),
            ),
        ]
        indexes = [models.Index(fields=["status", "expires_on"], name="talent_entry_status_exp")]

    def __str__(self) -> str:
        return f"{self.person_name} · {self.post_group}"

    @property
    def person_name(self) -> str:
        if self.employee_id:
            return str(self.employee)
        user = self.candidate
        return (user.get_full_name() or user.username) if user else ""

    @property
    def origin(self) -> str:
        """The entry's source (``source`` on the API, whose services call it so)."""
        return self.source

    def get_absolute_url(self) -> str:
        return reverse("talent:reserveentry_detail", args=[self.pk])


class Vacancy(TimeStampedModel):
    """A vacant post of the staffing table to fill, with the post's position standard."""

    scope_org_path: ClassVar[str | None] = "organisation__path"

    post = models.ForeignKey(
        Post, verbose_name=_("post"), on_delete=models.PROTECT, related_name="+"
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("unit"),
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )
    standard = models.ForeignKey(
        ProfileVersion,
        verbose_name=_("position standard"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=VacancyStatus.choices, default=VacancyStatus.OPEN
    )
    opened_on = models.DateField(_("opened on"))
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    filled_by = models.ForeignKey(
        Employee,
        verbose_name=_("filled by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    status_reason = models.CharField(_("reason of the status"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("vacancy")
        verbose_name_plural = _("vacancies")
        ordering = ["-opened_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="filled") | Q(filled_by__isnull=False),
                name="talent_vacancy_filled_by",
                violation_error_message=_("A filled vacancy names who filled it."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.post.title} ({self.opened_on.isoformat()})"

    def get_absolute_url(self) -> str:
        return reverse("talent:vacancy_detail", args=[self.pk])


class Match(TimeStampedModel):
    """A proposal of the matching: a reserve member for a vacancy, with the score and the
    reasons; accepted by an HR officer, it is a nomination until ``nominated_until``."""

    scope_org_path: ClassVar[str | None] = "vacancy__organisation__path"

    vacancy = models.ForeignKey(
        Vacancy, verbose_name=_("vacancy"), on_delete=models.CASCADE, related_name="matches"
    )
    entry = models.ForeignKey(
        ReserveEntry, verbose_name=_("reserve entry"), on_delete=models.CASCADE, related_name="+"
    )
    score = models.FloatField(_("fit"))
    reasons = models.JSONField(_("reasons"), default=dict)
    status = models.CharField(
        _("status"), max_length=10, choices=MatchStatus.choices, default=MatchStatus.PROPOSED
    )
    run = models.CharField(_("matching run"), max_length=40, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    nominated_until = models.DateField(_("nominated until"), null=True, blank=True)

    class Meta:
        verbose_name = _("match")
        verbose_name_plural = _("matches")
        ordering = ["-score", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["vacancy", "entry"],
                name="talent_match_once",
                violation_error_message=_("This person is already proposed for this vacancy."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.vacancy} ← {self.entry}"

    def get_absolute_url(self) -> str:
        return reverse("talent:match_detail", args=[self.pk])
