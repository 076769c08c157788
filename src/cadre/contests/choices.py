from django.db import models
from django.utils.translation import gettext_lazy as _


class OpenTo(models.TextChoices):
    """Who may apply to a contest (an eligibility rule)."""

    ALL = "all", _("Employees and external candidates")
    EMPLOYEES = "employees", _("Employees only")
    EXTERNAL = "external", _("External candidates only")


class Stage(models.TextChoices):
    """Where a contest stands by its dates (applications → screening → jury scoring → final
    → results)."""

    ANNOUNCED = "announced", _("Announced")
    APPLICATIONS = "applications", _("Applications")
    SCREENING = "screening", _("Screening")
    SCORING = "scoring", _("Jury scoring")
    FINAL = "final", _("Final")
    RESULTS = "results", _("Results")


class EntryState(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    ADMITTED = "admitted", _("Admitted to scoring")
    INELIGIBLE = "ineligible", _("Not eligible")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Outcome(models.TextChoices):
    WINNER = "winner", _("Winner")
    FINALIST = "finalist", _("Finalist")
    PARTICIPANT = "participant", _("Participant")


class ConflictKind(models.TextChoices):
    SAME_BODY = "same_body", _("Same body as the applicant")
    MANAGER = "manager", _("Line manager of the applicant")
    KIN = "kin", _("Kin of the applicant")
    OTHER = "other", _("Other interest")
