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
from cadre.core.models import TimeStampedModel
from cadre.orgs.choices import OrgKind


class Organisation(TimeStampedModel):
    """A node of the tree: a territory (country, region, …), a body, or a unit of a body.

    ``path`` is the materialised path of ids from the root, e.g. ``/1/42/``; it is kept by
    the services and never typed. Subtree queries are range scans on it (decision 0003).
    """

    scope_org_path: ClassVar[str | None] = "path"

    name = models.CharField(_("name"), max_length=255)
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
    path = PathField(_("path"), unique=True, editable=False)
    depth = models.PositiveSmallIntegerField(_("depth"), default=0, editable=False)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["path"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("orgs:organisation_detail", args=[self.pk])
