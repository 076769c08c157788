from django.db import models
from django.utils.translation import gettext_lazy as _


class VersionStatus(models.TextChoices):
    """A framework version: drafted, then published (one at a time), then retired when the
    next is published. Retired versions stay readable: old results point at them."""

    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    RETIRED = "retired", _("Retired")


class StandardStatus(models.TextChoices):
    """A version of a position standard: drafted, in force (one at a time), superseded."""

    DRAFT = "draft", _("Draft")
    IN_FORCE = "in_force", _("In force")
    SUPERSEDED = "superseded", _("Superseded")
