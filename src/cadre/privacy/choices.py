from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Category(models.TextChoices):
    """The categories of personal data a retention policy governs (docs/personal-data.md)."""

    FORMER_EMPLOYEES = "former_employees", _("People no longer in service")
    DATA_EXPORTS = "data_exports", _("Personal data exports")
    CLOSED_BREACHES = "closed_breaches", _("Closed breach records")


class RetentionAction(models.TextChoices):
    DELETE = "delete", _("delete")
    ANONYMISE = "anonymise", _("anonymise")
    ARCHIVE = "archive", _("archive")


# What each category may be made to undergo.
ACTIONS = {
    Category.FORMER_EMPLOYEES: frozenset({RetentionAction.ANONYMISE}),
    Category.DATA_EXPORTS: frozenset({RetentionAction.DELETE}),
    Category.CLOSED_BREACHES: frozenset({RetentionAction.ARCHIVE}),
}


class ErasureState(models.TextChoices):
    REQUESTED = "requested", _("requested")
    APPROVED = "approved", _("approved, running")
    REFUSED = "refused", _("refused")
    DONE = "done", _("done")


OPEN_ERASURE = (ErasureState.REQUESTED, ErasureState.APPROVED)


class Country(models.TextChoices):
    """Whose law sets the breach clocks."""

    RU = "RU", _("Russia (152-FZ)")
    KZ = "KZ", _("Kazakhstan (94-V)")
    VN = "VN", _("Vietnam (Decree 13/2023, Law 91/2025)")


class BreachState(models.TextChoices):
    OPEN = "open", _("open")
    CLOSED = "closed", _("closed")
