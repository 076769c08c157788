from django.db import models
from django.utils.translation import gettext_lazy as _


class CourseFormat(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    ONLINE = "online", _("Online")
    BLENDED = "blended", _("Blended")


class EnrolmentStatus(models.TextChoices):
    REQUESTED = "requested", _("Requested, awaiting approval")
    ENROLLED = "enrolled", _("Enrolled")
    COMPLETED = "completed", _("Completed")
    NOT_PASSED = "not_passed", _("Not passed")
    CANCELLED = "cancelled", _("Cancelled")


ACTIVE_ENROLMENT = (EnrolmentStatus.REQUESTED, EnrolmentStatus.ENROLLED)


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    APPROVED = "approved", _("Approved")


class TargetKind(models.TextChoices):
    COURSE = "course", _("People holding a valid certificate of a course")
    COMPETENCY = "competency", _("People at a level of a competency or above")
