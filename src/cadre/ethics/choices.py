"""The vocabularies of ethics control (docs/ethics.md)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class RelationKind(models.TextChoices):
    KIN = "kin", _("Kin")
    FORMER_EMPLOYER = "former_employer", _("Former employer")
    BUSINESS = "business", _("Business interest")
    OTHER = "other", _("Other interest")


class ReviewState(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    REVIEWED = "reviewed", _("Reviewed")


class GiftKind(models.TextChoices):
    GIFT = "gift", _("Gift")
    ACTIVITY = "activity", _("Outside activity")


class GiftDecision(models.TextChoices):
    KEPT = "kept", _("Kept")
    HANDED_OVER = "handed_over", _("Handed over")
    REFUSED = "refused", _("Refused")


class CaseState(models.TextChoices):
    OPEN = "open", _("Open: explanation awaited")
    EXPLAINED = "explained", _("Explained")
    DECIDED = "decided", _("Decided")
    APPEALED = "appealed", _("Under appeal")
    CLOSED = "closed", _("Closed")


class Outcome(models.TextChoices):
    UPHELD = "upheld", _("Upheld")
    DISMISSED = "dismissed", _("Dismissed")


class AppealOutcome(models.TextChoices):
    CONFIRMED = "confirmed", _("Sanction confirmed")
    ANNULLED = "annulled", _("Sanction annulled")


class SanctionKind(models.TextChoices):
    REMARK = "remark", _("Remark")
    REPRIMAND = "reprimand", _("Reprimand")
    SEVERE_REPRIMAND = "severe_reprimand", _("Severe reprimand")
    INCOMPETENCE_WARNING = "incompetence_warning", _("Warning of incomplete fitness for service")
    DEMOTION = "demotion", _("Demotion")
    DISMISSAL = "dismissal", _("Dismissal")
