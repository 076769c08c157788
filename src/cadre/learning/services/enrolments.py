"""A person in a session: requested, approved, completed (a pass issues the certificate and
records the evidence of the levels the course builds)."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cadre.assessments.choices import Instrument
from cadre.assessments.proficiency import Observation, evidence_record
from cadre.core.audit import audit_record
from cadre.core.choices import AuditSource
from cadre.core.errors import ApplicationError, full_clean_or_raise
from cadre.core.scoping import reaches
from cadre.learning.choices import ACTIVE_ENROLMENT, EnrolmentStatus
from cadre.learning.models import Certificate, Enrolment, Session
from cadre.learning.services.certificates import _identifier, add_months, holds_certificate
from cadre.learning.services.courses import _check_provider
from cadre.people.models import Employee
from cadre.people.selectors import acts_for


@transaction.atomic
def enrolment_request(
    *, actor: Any, session: Session, employee: Employee, source: str = AuditSource.WEB
) -> Enrolment:
    """Put a person in a session. By their HR officer or manager: enrolled at once; by the
    person themselves: requested, until a manager or HR officer approves. Refused: a
    session already started, a full session, a missing prerequisite, a second enrolment."""
    session = Session.objects.select_for_update().select_related("course").get(pk=session.pk)
    own = employee.user_id is not None and employee.user_id == getattr(actor, "pk", None)
    if not own and not reaches(actor, Enrolment, "add", employee.organisation):
        raise ApplicationError(
            _("You may not enrol “%(person)s”.") % {"person": employee},
            field="employee",
            code="scope",
        )
    if session.starts_on < timezone.localdate():
        raise ApplicationError(
            _("The session started on %(date)s; enrolment is closed.")
            % {"date": session.starts_on},
            field="session",
        )
    if Enrolment.objects.filter(session=session, employee=employee).exists():
        raise ApplicationError(
            _("The person is already in this session."), field="employee", code="duplicate"
        )
    taken = Enrolment.objects.filter(session=session, status__in=ACTIVE_ENROLMENT).count()
    if taken >= session.capacity:
        raise ApplicationError(
            _("The session is full: all %(n)d places are taken.") % {"n": session.capacity},
            field="session",
            code="full",
        )
    for prerequisite in session.course.prerequisites.all():
        if not holds_certificate(employee, prerequisite):
            raise ApplicationError(
                _("“%(person)s” has not completed the prerequisite “%(course)s”.")
                % {"person": employee, "course": prerequisite},
                field="employee",
                code="prerequisite",
            )
    enrolment = Enrolment.objects.create(
        session=session,
        employee=employee,
        status=EnrolmentStatus.REQUESTED if own else EnrolmentStatus.ENROLLED,
    )
    audit_record(
        actor=actor,
        action="create",
        obj=enrolment,
        changes={"status": [None, enrolment.status]},
        source=source,
    )
    return enrolment


@transaction.atomic
def enrolment_approve(
    *, actor: Any, enrolment: Enrolment, source: str = AuditSource.WEB
) -> Enrolment:
    enrolment = (
        Enrolment.objects.select_for_update()
        .select_related("employee__organisation")
        .get(pk=enrolment.pk)
    )
    if not acts_for(actor, Enrolment, "change", enrolment.employee):
        raise ApplicationError(
            _("Only the person's manager or HR officer may approve."), code="scope"
        )
    if enrolment.status != EnrolmentStatus.REQUESTED:
        raise ApplicationError(_("Only a request can be approved."), field="status")
    enrolment.status = EnrolmentStatus.ENROLLED
    enrolment.save(update_fields=["status"])
    audit_record(
        actor=actor,
        action="approve",
        obj=enrolment,
        changes={"status": [EnrolmentStatus.REQUESTED, EnrolmentStatus.ENROLLED]},
        source=source,
    )
    return enrolment


@transaction.atomic
def enrolment_complete(
    *,
    actor: Any,
    session: Session,
    employee: Employee,
    passed: bool,
    attended_hours: int = 0,
    score: int | None = None,
    source: str = AuditSource.WEB,
) -> Enrolment:
    """The provider records a result. A pass issues the certificate and records ``course``
    evidence of each level the course builds, so the person's proficiency follows."""
    _check_provider(actor, session.course.provider, "change")
    enrolment = (
        Enrolment.objects.select_for_update()
        .select_related("employee__organisation", "session__course")
        .filter(session=session, employee=employee)
        .first()
    )
    if enrolment is None or enrolment.status != EnrolmentStatus.ENROLLED:
        raise ApplicationError(
            _("“%(person)s” is not enrolled in this session.") % {"person": employee},
            field="employee",
            code="not_enrolled",
        )
    if attended_hours > session.course.hours:
        raise ApplicationError(
            _("The course has %(n)d hours.") % {"n": session.course.hours},
            field="attended_hours",
        )
    enrolment.status = EnrolmentStatus.COMPLETED if passed else EnrolmentStatus.NOT_PASSED
    enrolment.attended_hours = attended_hours
    enrolment.score = score
    enrolment.completed_at = timezone.now()
    full_clean_or_raise(enrolment, exclude=["session", "employee"])
    enrolment.save()
    audit_record(
        actor=actor,
        action="complete",
        obj=enrolment,
        changes={"status": [EnrolmentStatus.ENROLLED, enrolment.status], "score": [None, score]},
        source=source,
    )
    if passed:
        course = session.course
        today = timezone.localdate()
        certificate = Certificate.objects.create(
            employee=employee,
            course=course,
            enrolment=enrolment,
            identifier=f"pending-{enrolment.pk}",
            issued_on=today,
            expires_on=add_months(today, course.certificate_months)
            if course.certificate_months
            else None,
        )
        certificate.identifier = _identifier(certificate.pk)
        certificate.save(update_fields=["identifier"])
        audit_record(
            actor=actor,
            action="issue",
            obj=certificate,
            changes={"identifier": [None, certificate.identifier]},
            source=source,
        )
        observations = [
            Observation(o.competency, o.level) for o in course.outcomes.select_related("competency")
        ]
        if observations:
            evidence_record(
                actor=actor,
                employee=employee,
                observations=observations,
                instrument=Instrument.COURSE,
                source=f"certificate:{certificate.pk}",
                origin=source,
            )
    return enrolment
