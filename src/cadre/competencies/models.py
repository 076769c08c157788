"""Competency frameworks and position standards.

A framework (e.g. "Digital government") has versions; a version holds its proficiency scale
and its tree of categories and competencies. Publishing a version retires the one before
it, and nothing of a retired version is deleted: results point at the competency row of
the version they were taken under. A competency keeps its ``code`` from version to version,
which is how a result under version 1 still counts against a standard written on version 2.

A position standard (``PositionProfile``) is used by many posts (a post family); its
versions carry the legal basis and the required competencies with level and weight. One
version is in force at a time. Frameworks are a national classifier, readable by every
signed-in user; profiles belong to the organisation that defined them.
"""

from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cadre.competencies.choices import StandardStatus, VersionStatus
from cadre.core.models import TimeStampedModel
from cadre.core.translated import pick
from cadre.orgs.models import Organisation, Post


class Framework(TimeStampedModel):
    """A competency framework; its content lives in its versions."""

    scope_reference: ClassVar[bool] = True

    code = models.CharField(
        _("code"),
        max_length=32,
        unique=True,
        error_messages={"unique": _("A framework with this code already exists.")},
    )
    names = models.JSONField(_("name"), default=dict)
    descriptions = models.JSONField(_("description"), default=dict, blank=True)

    class Meta:
        verbose_name = _("competency framework")
        verbose_name_plural = _("competency frameworks")
        ordering = ["code"]

    def __str__(self) -> str:
        return pick(self.names) or self.code

    @property
    def description(self) -> str:
        return pick(self.descriptions)

    def get_absolute_url(self) -> str:
        return reverse("competencies:framework_detail", args=[self.pk])


class FrameworkVersion(TimeStampedModel):
    scope_reference: ClassVar[bool] = True

    framework = models.ForeignKey(
        Framework, verbose_name=_("framework"), on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveSmallIntegerField(_("version"))
    status = models.CharField(
        _("status"), max_length=10, choices=VersionStatus.choices, default=VersionStatus.DRAFT
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        verbose_name = _("framework version")
        verbose_name_plural = _("framework versions")
        ordering = ["framework__code", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["framework", "number"],
                name="framework_version_number_unique",
                violation_error_message=_("This framework already has a version with this number."),
            ),
            models.UniqueConstraint(
                fields=["framework"],
                condition=Q(status="published"),
                name="framework_one_published_version",
                violation_error_message=_("A framework has one published version at a time."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.framework} v{self.number}"

    def get_absolute_url(self) -> str:
        return reverse("competencies:version_detail", args=[self.pk])


class ProficiencyLevel(models.Model):
    """One step of a version's proficiency scale: rank 1 is the lowest."""

    version = models.ForeignKey(
        FrameworkVersion, verbose_name=_("version"), on_delete=models.CASCADE, related_name="levels"
    )
    rank = models.PositiveSmallIntegerField(_("rank"))
    code = models.CharField(_("code"), max_length=32)
    names = models.JSONField(_("name"), default=dict)
    descriptors = models.JSONField(_("descriptor"), default=dict, blank=True)

    class Meta:
        verbose_name = _("proficiency level")
        verbose_name_plural = _("proficiency levels")
        ordering = ["version", "rank"]
        constraints = [
            models.UniqueConstraint(
                fields=["version", "rank"],
                name="proficiency_level_rank_unique",
                violation_error_message=_("Two levels of a scale cannot have the same rank."),
            ),
            models.CheckConstraint(
                condition=Q(rank__gte=1),
                name="proficiency_level_rank_positive",
                violation_error_message=_("Ranks start at 1."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.rank}. {pick(self.names) or self.code}"

    @property
    def descriptor(self) -> str:
        return pick(self.descriptors)


class Competency(models.Model):
    """A category (a branch of the tree) or a competency (a leaf people are measured in)."""

    version = models.ForeignKey(
        FrameworkVersion,
        verbose_name=_("version"),
        on_delete=models.CASCADE,
        related_name="competencies",
    )
    framework = models.ForeignKey(
        Framework,
        verbose_name=_("framework"),
        on_delete=models.CASCADE,
        related_name="+",
        db_index=False,  # competency_key_idx leads with it
        help_text=_("The version's framework, kept here so results match by code."),
    )
    code = models.CharField(_("code"), max_length=32)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="children",
    )
    is_category = models.BooleanField(_("category"), default=False)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    names = models.JSONField(_("name"), default=dict)
    descriptions = models.JSONField(_("description"), default=dict, blank=True)
    indicators = models.JSONField(
        _("indicators"),
        default=dict,
        blank=True,
        help_text=_("What the competency looks like at each level: {rank: {language: text}}."),
    )

    class Meta:
        verbose_name = _("competency")
        verbose_name_plural = _("competencies")
        ordering = ["version", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["version", "code"],
                name="competency_code_unique_in_version",
                violation_error_message=_("Two competencies of a version cannot share a code."),
            )
        ]
        indexes = [models.Index(fields=["framework", "code"], name="competency_key_idx")]

    def __str__(self) -> str:
        return f"{self.code} {pick(self.names)}"

    def get_absolute_url(self) -> str:
        return reverse("competencies:version_detail", args=[self.version_id]) + f"#c-{self.code}"

    @property
    def name(self) -> str:
        return pick(self.names)

    @property
    def description(self) -> str:
        return pick(self.descriptions)

    def indicator(self, rank: int) -> str:
        return pick(self.indicators.get(str(rank)))


class Crosswalk(models.Model):
    """Competency A at level a in one framework is about competency B at level b in another."""

    source = models.ForeignKey(
        Competency, verbose_name=_("from"), on_delete=models.CASCADE, related_name="crosswalks"
    )
    source_level = models.PositiveSmallIntegerField(_("at level"))
    target = models.ForeignKey(
        Competency, verbose_name=_("to"), on_delete=models.CASCADE, related_name="+"
    )
    target_level = models.PositiveSmallIntegerField(_("at level"))
    note = models.CharField(_("note"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("crosswalk")
        verbose_name_plural = _("crosswalks")
        constraints = [
            models.UniqueConstraint(
                fields=["source", "source_level", "target"],
                name="crosswalk_unique",
                violation_error_message=_("This correspondence is already recorded."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.source.code}@{self.source_level} ≈ {self.target.code}@{self.target_level}"


class PositionProfile(TimeStampedModel):
    """A position standard used by a family of posts; its content lives in its versions."""

    scope_org_path: ClassVar[str | None] = "organisation__path"
    scope_view_ancestors: ClassVar[bool] = True

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("defined by"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The body that keeps the standard; the country for a national standard."),
    )
    code = models.CharField(
        _("code"),
        max_length=64,
        unique=True,
        error_messages={"unique": _("A position standard with this code already exists.")},
    )
    title = models.CharField(_("title"), max_length=255)
    posts: models.ManyToManyField[Post, ProfilePost] = models.ManyToManyField(
        Post, verbose_name=_("posts"), through="ProfilePost", related_name="+", blank=True
    )

    class Meta:
        verbose_name = _("position standard")
        verbose_name_plural = _("position standards")
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("competencies:positionprofile_detail", args=[self.pk])


class ProfilePost(models.Model):
    """A post that uses a standard; a post uses at most one."""

    profile = models.ForeignKey(
        PositionProfile, verbose_name=_("position standard"), on_delete=models.CASCADE
    )
    post = models.OneToOneField(
        Post, verbose_name=_("post"), on_delete=models.CASCADE, related_name="standard_link"
    )

    class Meta:
        verbose_name = _("post of a standard")
        verbose_name_plural = _("posts of a standard")

    def __str__(self) -> str:
        return f"{self.post_id} → {self.profile_id}"


class ProfileVersion(TimeStampedModel):
    """The required competencies of a standard from a date, with their legal basis."""

    scope_org_path: ClassVar[str | None] = "profile__organisation__path"
    scope_view_ancestors: ClassVar[bool] = True

    profile = models.ForeignKey(
        PositionProfile,
        verbose_name=_("position standard"),
        on_delete=models.CASCADE,
        related_name="versions",
    )
    number = models.PositiveSmallIntegerField(_("version"))
    status = models.CharField(
        _("status"), max_length=12, choices=StandardStatus.choices, default=StandardStatus.DRAFT
    )
    legal_document = models.CharField(_("legal basis"), max_length=255)
    legal_date = models.DateField(_("date of the legal basis"))
    effective_from = models.DateField(_("in force from"), null=True, blank=True)

    class Meta:
        verbose_name = _("standard version")
        verbose_name_plural = _("standard versions")
        ordering = ["profile", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["profile", "number"],
                name="profile_version_number_unique",
                violation_error_message=_("This standard already has a version with this number."),
            ),
            models.UniqueConstraint(
                fields=["profile"],
                condition=Q(status="in_force"),
                name="profile_one_version_in_force",
                violation_error_message=_("A standard has one version in force at a time."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.profile} v{self.number}"

    def get_absolute_url(self) -> str:
        return reverse("competencies:positionprofile_detail", args=[self.profile_id])


class Requirement(models.Model):
    """One required competency of a standard version: the level and its weight."""

    profile_version = models.ForeignKey(
        ProfileVersion,
        verbose_name=_("standard version"),
        on_delete=models.CASCADE,
        related_name="requirements",
    )
    competency = models.ForeignKey(
        Competency, verbose_name=_("competency"), on_delete=models.PROTECT, related_name="+"
    )
    level = models.PositiveSmallIntegerField(_("required level"))
    weight = models.PositiveSmallIntegerField(
        _("weight"), default=1, help_text=_("How much this competency counts, 1–100.")
    )

    class Meta:
        verbose_name = _("requirement")
        verbose_name_plural = _("requirements")
        ordering = ["profile_version", "competency__position"]
        constraints = [
            models.UniqueConstraint(
                fields=["profile_version", "competency"],
                name="requirement_once_per_version",
                violation_error_message=_("A competency is required once per standard version."),
            ),
            models.CheckConstraint(
                condition=Q(weight__gte=1, weight__lte=100),
                name="requirement_weight_range",
                violation_error_message=_("The weight must be from 1 to 100."),
            ),
            models.CheckConstraint(
                condition=Q(level__gte=1),
                name="requirement_level_positive",
                violation_error_message=_("The required level starts at 1."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.competency.code} ≥ {self.level}"
