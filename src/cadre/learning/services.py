"""Writes of the learning app. Every refusal names the reason and changes nothing."""

from __future__ import annotations

import calendar
import datetime as dt
import secrets
from decimal import Decimal
from typing import Any

from django.core import signing
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cadre.assessments.choices import Instrument
from cadre.assessments.proficiency import Observation, evidence_record
from cadre.competencies.services.frameworks import check_level, competency_by_key, scale_tops
from cadre.core.audit import audit_record, create_audited
from cadre.core.choices import AuditSource
from cadre.core.errors import ApplicationError, full_clean_or_raise
from cadre.core.scoping import reaches, require_reach
from cadre.core.translated import clean_texts, languages
from cadre.learning.choices import ACTIVE_ENROLMENT, EnrolmentStatus
from cadre.learning.models import Certificate, Course, CourseOutcome, Enrolment, Session
from cadre.orgs.models import Organisation
from cadre.people.models import Employee
from cadre.people.selectors import acts_for

SIGNER_SALT = "cadre.learning.certificate"


def _check_provider(actor: Any, provider: Organisation, action: str) -> None:
    require_reach(
        actor,
        Course,
        action,
        provider,
        message=_("You may not keep the courses of “%(org)s”."),
        field="provider",
    )


@transaction.atomic
def course_create(
    *,
    actor: Any,
    provider: Organisation,
    code: str,
    titles: Any,
    hours: int,
    format: str,
    currency: str,
    cost: Decimal = Decimal(0),
    languages_taught: list[str] | None = None,
    outcomes: list[dict[str, Any]] | None = None,
    prerequisites: list[str] | None = None,
    certificate_months: int | None = None,
    source: str = AuditSource.WEB,
) -> Course:
    """A course with the competencies it builds (``{"competency": "DG:SA.1", "level": 2}``)
    and the codes of the courses it requires first."""
    _check_provider(actor, provider, "add")
    known = languages()
    bad = [lang for lang in languages_taught or [] if lang not in known]
    if bad:
        raise ApplicationError(
            _("Unknown language “%(lang)s”; use one of: %(known)s.")
            % {"lang": bad[0], "known": ", ".join(known)},
            field="languages",
        )
    course = Course(
        provider=provider,
        code=(code or "").strip(),
        titles=clean_texts(titles, field="titles"),
        hours=hours,
        format=format,
        cost=cost,
        currency=currency,
        languages=list(languages_taught or []),
        certificate_months=certificate_months,
    )
    create_audited(
        actor=actor,
        obj=course,
        audited=("provider", "code", "titles", "hours", "format", "cost", "currency"),
        source=source,
    )
    for i, raw in enumerate(outcomes or []):
        where = f"outcomes[{i}]"
        competency = competency_by_key(raw.get("competency"), field=f"{where}.competency")
        top = scale_tops([competency.version_id]).get(competency.version_id, 0)
        level = check_level(raw.get("level"), top, field=f"{where}.level")
        if course.outcomes.filter(competency=competency).exists():
            raise ApplicationError(
                _("“%(code)s” is listed twice.") % {"code": competency.code},
                field=f"{where}.competency",
            )
        CourseOutcome.objects.create(course=course, competency=competency, level=level)
    codes = sorted(set(prerequisites or []))
    found = {c.code: c for c in Course.objects.filter(code__in=codes)}
    missing = [c for c in codes if c not in found]
    if missing:
        raise ApplicationError(
            _("Unknown course(s): %(codes)s.") % {"codes": ", ".join(missing)},
            field="prerequisites",
        )
    course.prerequisites.set(found.values())
    return course


@transaction.atomic
def session_create(
    *,
    actor: Any,
    course: Course,
    starts_on: dt.date,
    ends_on: dt.date,
    capacity: int,
    location: str = "",
    online: bool = False,
    source: str = AuditSource.WEB,
) -> Session:
    _check_provider(actor, course.provider, "change")
    session = Session(
        course=course,
        starts_on=starts_on,
        ends_on=ends_on,
        capacity=capacity,
        location=location,
        online=online,
    )
    return create_audited(
        actor=actor,
        obj=session,
        audited=("course", "starts_on", "ends_on", "capacity", "location", "online"),
        source=source,
    )


def holds_certificate(employee: Employee, course: Course) -> bool:
    """Whether the person holds a valid (not revoked, not expired) certificate of the course:
    what a prerequisite and a plan item ask."""
    today = timezone.localdate()
    return (
        Certificate.objects.filter(employee=employee, course=course, revoked_at__isnull=True)
        .exclude(expires_on__lt=today)
        .exists()
    )


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


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` later (the month's last day when it has fewer days)."""
    total = day.month - 1 + months
    year, month = day.year + total // 12, total % 12 + 1
    return day.replace(
        year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1])
    )


def _identifier(pk: int) -> str:
    value = f"CADRE-{timezone.localdate():%Y}-{pk:06d}-{secrets.token_hex(3).upper()}"
    return signing.Signer(salt=SIGNER_SALT).sign(value)


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


@transaction.atomic
def certificate_revoke(
    *, actor: Any, certificate: Certificate, reason: str, source: str = AuditSource.WEB
) -> Certificate:
    certificate = (
        Certificate.objects.select_for_update().select_related("course").get(pk=certificate.pk)
    )
    _check_provider(actor, certificate.course.provider, "change")
    if certificate.revoked_at is not None:
        raise ApplicationError(_("The certificate is already revoked."), code="revoked")
    if not reason.strip():
        raise ApplicationError(_("Give the reason for revoking."), field="reason")
    certificate.revoked_at = timezone.now()
    certificate.revoked_reason = reason.strip()[:255]
    certificate.save(update_fields=["revoked_at", "revoked_reason"])
    audit_record(
        actor=actor,
        action="revoke",
        obj=certificate,
        changes={"revoked_at": [None, certificate.revoked_at.isoformat()]},
        reason=certificate.revoked_reason,
        source=source,
    )
    return certificate


def certificate_verify(identifier: str) -> tuple[str, Certificate | None]:
    """``(status, certificate)``; status is ``valid``, ``expired``, ``revoked``, or —
    with no certificate — ``forged`` (the signature does not match) or ``unknown``."""
    try:
        signing.Signer(salt=SIGNER_SALT).unsign(identifier)
    except signing.BadSignature:
        return "forged", None
    certificate = (
        Certificate.objects.select_related("employee", "course__provider")
        .filter(identifier=identifier)
        .first()
    )
    if certificate is None:
        return "unknown", None
    if certificate.revoked_at is not None:
        return "revoked", certificate
    if certificate.expires_on is not None and certificate.expires_on < timezone.localdate():
        return "expired", certificate
    return "valid", certificate


def certificate_expiry_alerts(*, today: dt.date | None = None) -> int:
    """Mail each holder whose certificate expires within ``CADRE_CERTIFICATE_ALERT_DAYS``,
    once per certificate. Returns how many mails were sent."""
    from django.conf import settings
    from django.core.mail import send_mail

    today = today or timezone.localdate()
    horizon = today + dt.timedelta(days=settings.CADRE_CERTIFICATE_ALERT_DAYS)
    due = Certificate.objects.filter(
        revoked_at__isnull=True,
        expires_on__gte=today,
        expires_on__lte=horizon,
        expiry_alerted_on__isnull=True,
    ).select_related("employee__user", "course")
    sent = 0
    for certificate in due.iterator(chunk_size=500):
        person = certificate.employee
        address = (person.user.email if person.user else "") or person.email
        if address:
            send_mail(
                _("Your certificate expires on %(date)s") % {"date": certificate.expires_on},
                _("Your certificate “%(course)s” (%(id)s) expires on %(date)s; plan its renewal.")
                % {
                    "course": certificate.course,
                    "id": certificate.identifier,
                    "date": certificate.expires_on,
                },
                None,
                [address],
            )
            sent += 1
        Certificate.objects.filter(pk=certificate.pk).update(expiry_alerted_on=today)
    return sent
