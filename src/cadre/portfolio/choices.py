from django.db import models
from django.utils.translation import gettext_lazy as _


class SystemKind(models.TextChoices):
    PROJECT = "project", _("IT project")
    SYSTEM = "system", _("information system")


class Stage(models.TextChoices):
    IDEA = "idea", _("idea")
    DEVELOPMENT = "development", _("development")
    OPERATION = "operation", _("operation")
    RETIRED = "retired", _("retired")


class Decision(models.TextChoices):
    REUSE = "reuse", _("reuse the other")
    MERGE = "merge", _("merge the two")
    JUSTIFIED = "justified", _("justified: both stay")
    NOT_OVERLAP = "not_overlap", _("not an overlap")


class OverlapState(models.TextChoices):
    OPEN = "open", _("open")
    DECIDED = "decided", _("decided")
    REOPENED = "reopened", _("re-opened: changed since the decision")
