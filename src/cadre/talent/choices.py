from django.db import models
from django.utils.translation import gettext_lazy as _


class Source(models.TextChoices):
    CONTEST = "contest", _("contest")
    COMPETITION = "competition", _("competition runner-up")
    ASSESSMENT = "assessment", _("assessment")
    NOMINATION = "nomination", _("manager's nomination")


class EntryStatus(models.TextChoices):
    PENDING = "pending", _("awaiting approval")
    ACTIVE = "active", _("active")
    APPOINTED = "appointed", _("appointed")
    EXPIRED = "expired", _("expired")
    WITHDRAWN = "withdrawn", _("withdrawn")


class VacancyStatus(models.TextChoices):
    OPEN = "open", _("open")
    FILLED = "filled", _("filled")
    CANCELLED = "cancelled", _("cancelled")


class MatchStatus(models.TextChoices):
    PROPOSED = "proposed", _("proposed")
    ACCEPTED = "accepted", _("accepted")
    REJECTED = "rejected", _("rejected")
