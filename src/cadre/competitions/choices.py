from django.db import models
from django.utils.translation import gettext_lazy as _


class Stage(models.TextChoices):
    """Where a competition stands (docs/talent.md, "Competitions")."""

    ANNOUNCED = "announced", _("announced: applications open")
    CHECKING = "checking", _("document check")
    TESTING = "testing", _("testing")
    INTERVIEW = "interview", _("interview")
    DECIDED = "decided", _("decided")
    APPOINTED = "appointed", _("appointed")
    FAILED = "failed", _("did not take place")


class ApplicationState(models.TextChoices):
    SUBMITTED = "submitted", _("submitted")
    ADMITTED = "admitted", _("admitted")
    REFUSED = "refused", _("refused at the document check")
    FAILED_TEST = "failed_test", _("did not pass the test")
    INTERVIEW = "interview", _("invited to the interview")
    WON = "won", _("won")
    NOT_SELECTED = "not_selected", _("passed, not selected")
    WITHDRAWN = "withdrawn", _("withdrawn")


class ApplicantKind(models.TextChoices):
    INTERNAL = "internal", _("employee")
    EXTERNAL = "external", _("external candidate")


# The stage each stage moves on to when HR closes it (the interview ends with a decision).
NEXT_STAGE = {
    Stage.ANNOUNCED: Stage.CHECKING,
    Stage.CHECKING: Stage.TESTING,
    Stage.TESTING: Stage.INTERVIEW,
}
OPEN_STAGES = (Stage.ANNOUNCED, Stage.CHECKING, Stage.TESTING, Stage.INTERVIEW)
