from django.db import models
from django.utils.translation import gettext_lazy as _


class Instrument(models.TextChoices):
    """Where a piece of evidence of a person's level comes from."""

    TEST = "test", _("Knowledge test")
    SELF = "self", _("Self-assessment")
    MANAGER = "manager", _("Manager assessment")
    FEEDBACK = "feedback", _("360 feedback")
    COURSE = "course", _("Course completed")
    RECORD = "record", _("Recorded by HR")
    CONTEST = "contest", _("Contest jury")


class QuestionKind(models.TextChoices):
    SINGLE = "single", _("Single choice")
    MULTIPLE = "multiple", _("Multiple choice")
    ORDERING = "ordering", _("Ordering")


class AttemptStatus(models.TextChoices):
    OPEN = "open", _("In progress")
    SUBMITTED = "submitted", _("Submitted")
    EXPIRED = "expired", _("Time ran out")


class AppraiserRole(models.TextChoices):
    SELF = "self", _("Self")
    MANAGER = "manager", _("Manager")


class CampaignStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class Relation(models.TextChoices):
    """Who a 360° respondent is to the person assessed."""

    MANAGER = "manager", _("Manager")
    PEER = "peer", _("Peer")
    SUBORDINATE = "subordinate", _("Subordinate")
