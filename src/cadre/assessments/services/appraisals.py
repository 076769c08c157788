"""Appraisals: a self- or manager assessment against the person's standard."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cadre.assessments.choices import AppraiserRole, Instrument
from cadre.assessments.models import Appraisal
from cadre.assessments.proficiency import evidence_record
from cadre.assessments.standards import standard_levels
from cadre.core.audit import audit_record
from cadre.core.choices import AuditSource
from cadre.core.errors import ApplicationError
from cadre.people.models import Employee
from cadre.people.selectors import acts_for


@transaction.atomic
def appraisal_submit(
    *,
    actor: Any,
    employee: Employee,
    role: str,
    levels: Any,
    source: str = AuditSource.WEB,
) -> Appraisal:
    """A self-assessment (by the person) or a manager assessment (by a manager whose unit
    holds the person), level by level against the person's standard in force."""
    if role == AppraiserRole.SELF:
        if employee.user_id != getattr(actor, "pk", None):
            raise ApplicationError(
                _("A self-assessment is made by the person themselves."), field="role"
            )
    elif role == AppraiserRole.MANAGER:
        if not acts_for(actor, Appraisal, "add", employee):
            raise ApplicationError(
                _("Only a manager of the person's unit may make a manager assessment."),
                field="role",
                code="scope",
            )
    else:
        raise ApplicationError(_("Unknown kind of appraisal."), field="role")
    clean, observations = standard_levels(employee, levels)
    appraisal = Appraisal.objects.create(
        employee=employee,
        appraiser=actor,
        role=role,
        submitted_at=timezone.now(),
        levels=clean,
    )
    audit_record(
        actor=actor,
        action="create",
        obj=appraisal,
        changes={"levels": [None, clean]},
        source=source,
    )
    evidence_record(
        actor=actor,
        employee=employee,
        observations=observations,
        instrument=Instrument.SELF if role == AppraiserRole.SELF else Instrument.MANAGER,
        source=f"appraisal:{appraisal.pk}",
        observed_at=appraisal.submitted_at,
        origin=source,
    )
    from cadre.assessments.campaigns.feedback import participant_mark

    participant_mark(employee=employee, role=role)
    return appraisal
