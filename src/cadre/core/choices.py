from django.db import models
from django.utils.translation import gettext_lazy as _


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    SUCCEEDED = "succeeded", _("Succeeded")
    FAILED = "failed", _("Failed")


class AuditSource(models.TextChoices):
    WEB = "web", _("Web")
    API = "api", _("API")
    CLI = "cli", _("Command line")
    TASK = "task", _("Background task")
    SYSTEM = "system", _("System")


class Role(models.TextChoices):
    """The roles a user may hold (``accounts`` keeps who holds which, over which
    organisation); apps grant their models to them (core/permissions.py)."""

    NATIONAL_ADMIN = "national_admin", _("National administrator")
    HR_OFFICER = "hr_officer", _("Body HR officer")
    MANAGER = "manager", _("Manager")
    EMPLOYEE = "employee", _("Employee")
    AUDITOR = "auditor", _("Auditor")
    TRAINING_PROVIDER = "training_provider", _("Training provider")
    SERVICE_DESK = "service_desk", _("Service desk system")
    COORDINATOR = "coordinator", _("IT coordinator")
    EXTERNAL_CANDIDATE = "external_candidate", _("External candidate")
    ETHICS_OFFICER = "ethics_officer", _("Ethics officer")


# Roles that may be held without an organisation, i.e. over the whole country.
# The IT coordinator may be national (every pair of the portfolio) or regional (docs/projects.md).
# An external candidate (talent: contests and competitions) belongs to no organisation and is
# granted only their own rows.
NATIONAL_ROLES = (
    Role.NATIONAL_ADMIN,
    Role.AUDITOR,
    Role.COORDINATOR,
    Role.EXTERNAL_CANDIDATE,
)
