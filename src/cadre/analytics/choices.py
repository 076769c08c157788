from django.db import models
from django.utils.translation import gettext_lazy as _


class Measure(models.TextChoices):
    """The capacity measures compared across regions (decision 0037). Each is a ratio of a
    numerator to a denominator per unit (a body under a region)."""

    IT_QUALIFIED = "it_qualified", _("Share of IT staff qualified")
    IT_PER_UNIT = "it_per_unit", _("IT staff per body")
    STANDARDS_MET = "standards_met", _("Share of standards' requirements met")
    TRAINING = "training", _("Training coverage")
    FAIR_RATIO = "fair_ratio", _("Citizen ratings' fair ratio")


class ReportKind(models.TextChoices):
    REGIONS = "regions", _("Regional comparison")
    BODY = "body", _("Digital-workforce report of a body")


class ReportFormat(models.TextChoices):
    XLSX = "xlsx", "XLSX"
    PDF = "pdf", "PDF"
