from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Unit(models.TextChoices):
    PERCENT = "percent", _("per cent")
    COUNT = "count", _("count")
    RATIO = "ratio", _("ratio")
    NUMBER = "number", _("number")
    DAYS = "days", _("days")


class Direction(models.TextChoices):
    HIGHER = "higher", _("higher is better")
    LOWER = "lower", _("lower is better")


class Source(models.TextChoices):
    MEASURE = "measure", _("measured from Cadre's data")
    IMPORTED = "imported", _("imported from another system")
    MANUAL = "manual", _("entered with evidence, confirmed by a second person")
