"""The organisation tree: territory, bodies and their units in one tree.

The registry issue extends this with posts, vacancies and richer attributes; the foundation
needs only the tree, because every role assignment is scoped to a subtree of it.
"""

from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cadre.core.fields import PathField
from cadre.core.i18n_names import local_name
from cadre.core.models import TimeStampedModel
from cadre.orgs.choices import Country, Currency, Level, OrgKind


class Organisation(TimeStampedModel):
    """A node of the tree: a territory (country, region, …), a body, or a unit of a body.

    ``path`` is the materialised path of ids from the root, e.g. ``/1/42/``; it is kept by
    the services and never typed. Subtree queries are range scans on it (decision 0003).
    """

    scope_org_path: ClassVar[str | None] = "path"

    name = models.CharField(_("name"), max_length=255)
    # The name in other languages, {"kk": "…", "vi": "…"}; the main name serves the rest
    # (decision 0044).
    names = models.JSONField(_("name per language"), default=dict, blank=True)
    code = models.CharField(
        _("code"),
        max_length=64,
        unique=True,
        help_text=_("A stable identifier from the source HR system; used by imports."),
        error_messages={"unique": _("An organisation with this code already exists.")},
    )
    kind = models.CharField(_("kind"), max_length=30, choices=OrgKind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    level = models.CharField(_("level"), max_length=10, choices=Level.choices, blank=True)
    is_it_unit = models.BooleanField(
        _("IT unit"),
        default=False,
        help_text=_("An IT or digitalisation unit: its staff count as IT staff in indicators."),
    )
    country = models.CharField(
        _("country"),
        max_length=2,
        choices=Country.choices,
        blank=True,
        help_text=_(
            "The country whose national identifiers (IIN, SNILS, CCCD) the people on its books "
            "carry; blank: that of the nearest organisation above that names one."
        ),
    )
    path = PathField(_("path"), unique=True, editable=False)
    depth = models.PositiveSmallIntegerField(_("depth"), default=0, editable=False)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["path"]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        """The name in the reader's language, else the main name."""
        return local_name(self)

    def get_absolute_url(self) -> str:
        return reverse("orgs:organisation_detail", args=[self.pk])


class Post(TimeStampedModel):
    """A line of the staffing table: a post in a unit, its grade, pay band and positions.

    How many positions are filled and vacant is computed from current assignments.
    """

    scope_org_path: ClassVar[str | None] = "organisation__path"

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("unit"),
        on_delete=models.PROTECT,
        related_name="posts",
    )
    code = models.CharField(
        _("code"),
        max_length=64,
        unique=True,
        help_text=_("A stable identifier from the staffing table; used by imports."),
        error_messages={"unique": _("A post with this code already exists.")},
    )
    title = models.CharField(_("title"), max_length=255)
    category = models.CharField(_("category / grade"), max_length=30, blank=True)
    salary_min = models.DecimalField(_("salary from"), max_digits=14, decimal_places=2)
    salary_max = models.DecimalField(_("salary to"), max_digits=14, decimal_places=2)
    currency = models.CharField(_("currency"), max_length=3, choices=Currency.choices)
    positions = models.PositiveSmallIntegerField(
        _("positions"),
        default=1,
        help_text=_("Staffing positions; 0 for a duty held concurrently, not a position."),
    )
    is_digital_lead = models.BooleanField(
        _("digital lead"),
        default=False,
        help_text=_("A post accountable for digitalisation, e.g. a digital vice-minister."),
    )
    is_head = models.BooleanField(
        _("heads the unit"),
        default=False,
        help_text=_(
            "Whoever holds this post manages the people of the unit and of the units under it "
            "(line management: their KPIs, appraisals and pay lines)."
        ),
    )

    class Meta:
        verbose_name = _("post")
        verbose_name_plural = _("posts")
        ordering = ["organisation__path", "title"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(salary_min__lte=models.F("salary_max")),
                name="post_salary_band_ordered",
                violation_error_message=_("The salary band must not end below where it starts."),
            ),
            models.CheckConstraint(
                condition=models.Q(salary_min__gte=0),
                name="post_salary_not_negative",
                violation_error_message=_("A salary cannot be negative."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} — {self.organisation.display_name}"

    def get_absolute_url(self) -> str:
        return reverse("orgs:post_detail", args=[self.pk])
