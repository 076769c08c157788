from django.db import models
from django.utils.translation import gettext_lazy as _


class Outcome(models.TextChoices):
    GRANTED = "granted", _("granted")
    REFUSED = "refused", _("refused")
    OTHER = "other", _("other")


class Channel(models.TextChoices):
    IN_PERSON = "in_person", _("in person")
    ONLINE = "online", _("online")
    PHONE = "phone", _("by phone")


class NeedMet(models.TextChoices):
    YES = "yes", _("yes")
    PARTLY = "partly", _("partly")
    NO = "no", _("no")


class RatingStatus(models.TextChoices):
    COUNTED = "counted", _("counted")
    HELD = "held", _("held for review")
    NOT_COUNTED = "not_counted", _("not counted")


class RatingReason(models.TextChoices):
    """Why a rating is held for review or not counted (recorded on the rating)."""

    CONFLICT_OF_INTEREST = "conflict_of_interest", _("the citizen works in the body")
    TOO_FAST = "too_fast", _("rated too soon after the service")
    NETWORK_BURST = "network_burst", _("a burst of ratings from one network")
    STREAK = "streak", _("a streak of identical ratings of one employee")


class CommentStatus(models.TextChoices):
    PENDING = "pending", _("awaiting moderation")
    PUBLISHED = "published", _("published")
    REMOVED = "removed", _("removed")


class ModerationReason(models.TextChoices):
    PERSONAL_DATA = "personal_data", _("personal data")
    ABUSE = "abuse", _("abuse")
    OFF_TOPIC = "off_topic", _("off topic")
