from django.db import models
from django.utils.translation import gettext_lazy as _


class ProjectState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    ACTIVE = "active", _("Active")
    CLOSED = "closed", _("Closed")
    CANCELLED = "cancelled", _("Cancelled")


class Status(models.TextChoices):
    """A running project's status, computed from its data (``selectors.status_of``)."""

    ON_TRACK = "on_track", _("On track")
    AT_RISK = "at_risk", _("At risk")
    LATE = "late", _("Late")


class MemberRole(models.TextChoices):
    OWNER = "owner", _("Accountable owner")
    SPONSOR = "sponsor", _("Sponsor")
    MEMBER = "member", _("Team member")


class Evidence(models.TextChoices):
    FILE = "file", _("File")
    LINK = "link", _("Link")
    EVENT = "event", _("Cadre event")
