from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    NATIONAL_ADMIN = "national_admin", _("National administrator")
    HR_OFFICER = "hr_officer", _("Body HR officer")
    MANAGER = "manager", _("Manager")
    EMPLOYEE = "employee", _("Employee")
    AUDITOR = "auditor", _("Auditor")
    TRAINING_PROVIDER = "training_provider", _("Training provider")
    SERVICE_DESK = "service_desk", _("Service desk system")


# Roles that may be held without an organisation, i.e. over the whole country.
NATIONAL_ROLES = (Role.NATIONAL_ADMIN, Role.AUDITOR)
