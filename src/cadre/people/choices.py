from django.db import models
from django.utils.translation import gettext_lazy as _


class Gender(models.TextChoices):
    FEMALE = "F", _("Female")
    MALE = "M", _("Male")


class EducationLevel(models.IntegerChoices):
    """Ordered: a higher value is a higher level, so "highest level" is a MAX()."""

    SECONDARY = 1, _("Secondary")
    COLLEGE = 2, _("College")
    BACHELOR = 3, _("Bachelor / university")
    MASTER = 4, _("Master")
    DOCTORATE = 5, _("Doctorate")


class AssignmentKind(models.TextChoices):
    MAIN = "main", _("Main post")
    CONCURRENT = "concurrent", _("Concurrent duty")
