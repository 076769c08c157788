from django.db import models
from django.utils.translation import gettext_lazy as _


class TableStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    APPROVED = "approved", _("approved by order")


class ScenarioMode(models.TextChoices):
    RULES = "rules", _("rule-based")
    OPTIMISE = "optimise", _("optimised")


class ScenarioStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    COMPUTED = "computed", _("computed")
    APPROVED = "approved", _("approved")
    APPLIED = "applied", _("applied")
