"""Citizen ratings of public service (decision 0009).

A back-office system reports each completed interaction and gets a single-use token for
the citizen; the citizen rates through the public page or the API; each rating is counted,
held for review or not counted, with the reason recorded on it. Who rated is never shown:
the citizen is kept only as a keyed hash of their phone or identifier.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, ClassVar

from django.conf import settings
from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cadre.core.i18n_names import local_name
from cadre.core.permissions import DataClass
from cadre.core.scoping import ScopedModel
from cadre.core.translated import pick
from cadre.orgs.models import Organisation
from cadre.people.models import Employee
from cadre.ratings.choices import (
    Channel,
    CommentStatus,
    ModerationReason,
    NeedMet,
    Outcome,
    RatingReason,
    RatingStatus,
)

SCORE = [MinValueValidator(1), MaxValueValidator(5)]
COMMENT_MAX = 2000


class UtcMonth(models.Func):
    """The month of a moment in UTC as one integer, year × 12 + month − 1.

    The leading column of the citizen's index (``rating_citizen_month_idx``): a month's
    ratings sit together in it, so taking a rating writes into this month's part of the
    index, not into a random page of every rating ever taken (decision 0010). The caps read
    it with the months of the quarter, ``months_between``. ``cadre_rating_submit`` writes the
    same expression (migration ``ratings/0022``): PostgreSQL uses the index only for the
    expression it was built on.
    """

    arity = 1
    output_field = models.IntegerField()
    template = (
        "(date_part('year', %(expressions)s AT TIME ZONE 'UTC') * 12"
        " + date_part('month', %(expressions)s AT TIME ZONE 'UTC') - 1)::integer"
    )

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        # SQLite keeps an aware datetime as UTC text, "YYYY-MM-DD HH:MM:SS[.ffffff]".
        template = (
            "(CAST(substr(%(expressions)s, 1, 4) AS INTEGER) * 12"
            " + CAST(substr(%(expressions)s, 6, 2) AS INTEGER) - 1)"
        )
        return self.as_sql(compiler, connection, template=template, **extra)


def quarter_months(quarter: dt.datetime) -> list[int]:
    """The months the caps read, as ``UtcMonth`` values: the four from the one ``quarter``
    (the local quarter's start) falls in, in UTC — a local quarter spans at most four UTC
    months. ``cadre_rating_submit`` reads the same four (``v_month`` … ``v_month + 3``)."""
    utc = quarter.astimezone(dt.UTC)
    first = utc.year * 12 + utc.month - 1
    return [first, first + 1, first + 2, first + 3]


class ServiceType(ScopedModel):
    """What a citizen receives: a classifier shared by all bodies, kept by the national
    authority, its name in each UI language (``{language: text}``, decision 0011)."""

    scope_reference: ClassVar[bool] = True

    code = models.CharField(
        _("code"),
        max_length=64,
        unique=True,
        error_messages={"unique": _("A service type with this code already exists.")},
    )
    names = models.JSONField(_("name"), default=dict)

    class Meta:
        verbose_name = _("service type")
        verbose_name_plural = _("service types")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        """The name in the active language (else English, else the first given)."""
        return pick(self.names) or self.code

    def get_absolute_url(self) -> str:
        return reverse("ratings:servicetype_detail", args=[self.pk])


class ServicePoint(ScopedModel):
    """Where a citizen receives it: an office, a front desk, a portal of a body."""

    scope_org_path: ClassVar[str | None] = "organisation__path"

    organisation = models.ForeignKey(
        Organisation, verbose_name=_("body"), on_delete=models.PROTECT, related_name="+"
    )
    code = models.CharField(
        _("code"),
        max_length=64,
        unique=True,
        error_messages={"unique": _("A service point with this code already exists.")},
    )
    name = models.CharField(_("name"), max_length=255)
    # The name in other languages, {"kk": "…", "vi": "…"} (decision 0044).
    names = models.JSONField(_("name per language"), default=dict, blank=True)
    address = models.CharField(_("address"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("service point")
        verbose_name_plural = _("service points")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        """The name in the reader's language, else the main name (decision 0044)."""
        return local_name(self)

    def get_absolute_url(self) -> str:
        return reverse("ratings:servicepoint_detail", args=[self.pk])


class CaseMix(ScopedModel):
    """Where, what and with what outcome a citizen was served: reported with the
    interaction and copied onto its rating, so that scores are one scan of the ratings."""

    scope_org_path: ClassVar[str | None] = "organisation__path"

    organisation = models.ForeignKey(
        Organisation, verbose_name=_("body"), on_delete=models.PROTECT, related_name="+"
    )
    service_point = models.ForeignKey(
        ServicePoint, verbose_name=_("service point"), on_delete=models.PROTECT, related_name="+"
    )
    service_type = models.ForeignKey(
        ServiceType, verbose_name=_("service type"), on_delete=models.PROTECT, related_name="+"
    )
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome.choices)
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)

    class Meta:
        abstract = True


class Interaction(CaseMix):
    """One completed service interaction, reported by a back-office system; it carries the
    citizen's single-use rating token (kept as a hash only)."""

    issuer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", db_index=False
    )
    external_id = models.CharField(_("interaction id"), max_length=100)
    # Who served, fixed when the link is issued: the employees its rating is of.
    employees = models.ManyToManyField(Employee, verbose_name=_("employees"), related_name="+")
    occurred_at = models.DateTimeField(_("occurred at"))
    issued_at = models.DateTimeField(_("issued at"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires at"))
    used_at = models.DateTimeField(_("used at"), null=True, blank=True)
    token_hash = models.CharField(max_length=64)
    citizen_key = models.CharField(max_length=64, blank=True)
    conflict = models.BooleanField(
        _("conflict of interest"),
        default=False,
        help_text=_("The citizen is on the staff of the body that served them."),
    )

    class Meta:
        verbose_name = _("service interaction")
        verbose_name_plural = _("service interactions")
        constraints = [
            models.UniqueConstraint(
                fields=["issuer", "external_id"], name="interaction_once_per_issuer"
            ),
            # A constraint, not unique=True: no second, pattern-ops index to keep up.
            models.UniqueConstraint(fields=["token_hash"], name="interaction_token_once"),
        ]

    def __str__(self) -> str:
        return self.external_id


class Rating(CaseMix):
    """A citizen's rating of one interaction: the overall 1–5 satisfaction, the drivers,
    a comment; ``status`` and ``reason`` record whether and why it counts."""

    # Deciding by hand whether a held rating counts, or changing or removing its comment,
    # needs its reason (cadre.core.reasons): it moves a body's public score.
    audit_reason_required: ClassVar[frozenset[str]] = frozenset({"change"})
    # A citizen's own words about named officials: only roles granted the class (0016).
    data_class: ClassVar[str | None] = DataClass.RATING_IDENTITY

    interaction = models.OneToOneField(Interaction, on_delete=models.PROTECT, related_name="rating")
    # The case mix is the interaction's, copied: its foreign keys (PROTECT) already keep the
    # body, point and type of every rating. Here they are plain columns, with no constraint
    # and no index: a constraint locks the shared parent row (one service type, one body)
    # for every rating, and an index of a column of ten values is one page that every
    # rating writes to (decision 0010). The body is indexed by rating_org_time_idx. The
    # employees rated are the interaction's (``interaction.employees``), not copied: a copy
    # was a second table written for every rating.
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("body"),
        on_delete=models.DO_NOTHING,
        related_name="+",
        db_index=False,
        db_constraint=False,
    )
    service_point = models.ForeignKey(
        ServicePoint,
        verbose_name=_("service point"),
        on_delete=models.DO_NOTHING,
        related_name="+",
        db_index=False,
        db_constraint=False,
    )
    service_type = models.ForeignKey(
        ServiceType,
        verbose_name=_("service type"),
        on_delete=models.DO_NOTHING,
        related_name="+",
        db_index=False,
        db_constraint=False,
    )
    submitted_at = models.DateTimeField(_("submitted at"), auto_now_add=True)
    overall = models.PositiveSmallIntegerField(_("overall satisfaction"), validators=SCORE)
    time_taken = models.PositiveSmallIntegerField(
        _("time taken"), null=True, blank=True, validators=SCORE
    )
    waiting = models.PositiveSmallIntegerField(
        _("waiting"), null=True, blank=True, validators=SCORE
    )
    courtesy = models.PositiveSmallIntegerField(
        _("courtesy and competence of the employee"), null=True, blank=True, validators=SCORE
    )
    clarity = models.PositiveSmallIntegerField(
        _("clarity of information"), null=True, blank=True, validators=SCORE
    )
    premises = models.PositiveSmallIntegerField(
        _("comfort of the premises"), null=True, blank=True, validators=SCORE
    )
    need_met = models.CharField(
        _("was your need met"), max_length=10, choices=NeedMet.choices, blank=True
    )
    comment = models.TextField(
        _("comment"), blank=True, validators=[MaxLengthValidator(COMMENT_MAX)]
    )
    status = models.CharField(_("status"), max_length=12, choices=RatingStatus.choices)
    reason = models.CharField(_("reason"), max_length=64, choices=RatingReason.choices, blank=True)
    # Moderation of the comment and the body's answer (decision 0009).
    comment_status = models.CharField(
        _("comment status"), max_length=10, choices=CommentStatus.choices, blank=True
    )
    published_comment = models.TextField(_("published comment"), blank=True)
    moderation_reason = models.CharField(
        _("moderation reason"), max_length=20, choices=ModerationReason.choices, blank=True
    )
    answer = models.TextField(_("answer"), blank=True, validators=[MaxLengthValidator(4000)])
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    answer_due = models.DateField(_("answer due"), null=True, blank=True)
    citizen_key = models.CharField(max_length=64, blank=True)
    network_key = models.CharField(max_length=64, blank=True)

    class Meta:
        verbose_name = _("rating")
        verbose_name_plural = _("ratings")
        indexes = [
            models.Index(fields=["organisation", "submitted_at"], name="rating_org_time_idx"),
            # The caps: a citizen's ratings, month by month (``UtcMonth``): each new rating
            # goes into this month's part of the index, not anywhere in all of history.
            models.Index(UtcMonth("submitted_at"), "citizen_key", name="rating_citizen_month_idx"),
            # The burst check: ratings from one network in the last hour.
            models.Index(
                fields=["network_key", "organisation", "submitted_at"],
                name="rating_network_time_idx",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(overall__gte=1, overall__lte=5), name="rating_overall_1_5"
            )
        ]

    def __str__(self) -> str:
        return f"{self.overall} ({self.get_status_display()})"

    @property
    def negative(self) -> bool:
        return self.overall <= 2


class ScoreBasis(models.Model):
    """What the last full recompute estimated from all counted ratings — the Gamma prior,
    the network's mean and negative rate — and how far the tallies have been folded: every
    rating submitted before ``folded_until`` is in the scores (decision 0010). One row."""

    computed_at = models.DateTimeField()
    folded_until = models.DateTimeField()
    alpha = models.FloatField()
    beta = models.FloatField()
    network_mean = models.FloatField()
    network_rate = models.FloatField(help_text="negative rate of all counted ratings")
    # The Gamma prior of the bodies' effects (decision 0021): how harshly a body's public
    # rates, relative to the network, for the same case mix.
    body_alpha = models.FloatField(db_default=1000.0)
    body_beta = models.FloatField(db_default=1000.0)

    def __str__(self) -> str:
        return f"as of {self.folded_until:%Y-%m-%d %H:%M}"


class CellRate(models.Model):
    """The network-wide negative rate of one case-mix cell, from the last full recompute."""

    service_type = models.ForeignKey(ServiceType, on_delete=models.CASCADE, related_name="+")
    channel = models.CharField(max_length=10, choices=Channel.choices)
    outcome = models.CharField(max_length=10, choices=Outcome.choices)
    ratings = models.PositiveIntegerField()
    negatives = models.PositiveIntegerField()
    rate = models.FloatField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["service_type", "channel", "outcome"], name="cell_rate_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.service_type_id}/{self.channel}/{self.outcome}: {self.rate:.3f}"


CRITERIA = ("overall", "time_taken", "waiting", "courtesy", "clarity", "premises")


class MonthTally(models.Model):
    """Counted ratings of one body in one month: counts and sums per criterion, for the
    trends and criteria breakdowns of the dashboards (folded with the scores)."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    month = models.DateField()
    ratings = models.PositiveIntegerField(default=0)
    negatives = models.PositiveIntegerField(default=0)
    overall_sum = models.PositiveIntegerField(default=0)
    time_taken_n = models.PositiveIntegerField(default=0)
    time_taken_sum = models.PositiveIntegerField(default=0)
    waiting_n = models.PositiveIntegerField(default=0)
    waiting_sum = models.PositiveIntegerField(default=0)
    courtesy_n = models.PositiveIntegerField(default=0)
    courtesy_sum = models.PositiveIntegerField(default=0)
    clarity_n = models.PositiveIntegerField(default=0)
    clarity_sum = models.PositiveIntegerField(default=0)
    premises_n = models.PositiveIntegerField(default=0)
    premises_sum = models.PositiveIntegerField(default=0)
    need_met_yes = models.PositiveIntegerField(default=0)
    need_met_partly = models.PositiveIntegerField(default=0)
    need_met_no = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organisation", "month"], name="month_tally_once")
        ]

    def __str__(self) -> str:
        return f"{self.organisation_id} {self.month:%Y-%m}: {self.ratings}"


# Worst first: the order of ``employee_score_worse_idx``, which the dashboard and the API
# read their first pages from (decision 0010).
WORST_FIRST = ("-p_worse", "employee_id")


class EmployeeScore(models.Model):
    """The fair score of an employee: recomputed by ``scores.scores_recompute``, kept up to
    date in between by ``scores.scores_fold``."""

    employee = models.OneToOneField(
        Employee, on_delete=models.CASCADE, primary_key=True, related_name="rating_score"
    )
    computed_at = models.DateTimeField()
    links = models.PositiveIntegerField(default=0, help_text="rating links issued")
    answered = models.PositiveIntegerField(default=0, help_text="links the citizen used")
    ratings = models.PositiveIntegerField()
    negatives = models.PositiveIntegerField()
    expected = models.FloatField()
    ratio = models.FloatField(help_text="posterior mean of observed/expected negatives")
    ratio_low = models.FloatField()
    ratio_high = models.FloatField()
    p_worse = models.FloatField(help_text="P(ratio > 1.2)")
    reliably_worse = models.BooleanField()
    total = models.PositiveIntegerField(default=0, help_text="sum of the overall scores")
    mean = models.FloatField(help_text="shrunk 5-point average")

    class Meta:
        indexes = [models.Index(fields=["-p_worse", "employee"], name="employee_score_worse_idx")]

    def __str__(self) -> str:
        return f"{self.employee_id}: {self.ratio:.2f}"


class UnitScore(models.Model):
    """The public score of a body or a service point."""

    kind = models.CharField(max_length=12)  # "organisation" or "point"
    object_id = models.BigIntegerField()
    computed_at = models.DateTimeField()
    ratings = models.PositiveIntegerField()
    negatives = models.PositiveIntegerField()
    good = models.PositiveIntegerField(default=0, help_text="ratings of 4 or 5")
    total = models.PositiveIntegerField(default=0, help_text="sum of the overall scores")
    mean = models.FloatField(help_text="shrunk 5-point average")
    wilson_low = models.FloatField(help_text="Wilson lower bound of the share of 4 and 5")
    expected = models.FloatField(
        db_default=0.0, help_text="expected negatives from the case mix (network cell rates)"
    )
    # A body's own effect (decision 0021), from the last full recompute: its posterior
    # mean of observed/expected negatives and 90% interval. Its officials' expected
    # negatives are multiplied by it. 1 for service points and bodies not yet recomputed.
    effect = models.FloatField(db_default=1.0, help_text="the body's effect on negatives")
    effect_low = models.FloatField(db_default=1.0)
    effect_high = models.FloatField(db_default=1.0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["kind", "object_id"], name="unit_score_once")
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.object_id}: {self.mean:.2f}"
