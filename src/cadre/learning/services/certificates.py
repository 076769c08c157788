"""Certificates: their signed identifiers, validity, verification, revocation and the
reminders before they expire."""

from __future__ import annotations

import calendar
import datetime as dt
import secrets
from typing import Any

from django.core import signing
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cadre.core.audit import audit_record
from cadre.core.choices import AuditSource
from cadre.core.errors import ApplicationError
from cadre.learning.models import Certificate, Course
from cadre.learning.services.courses import _check_provider
from cadre.people.models import Employee

SIGNER_SALT = "cadre.learning.certificate"


def holds_certificate(employee: Employee, course: Course) -> bool:
    """Whether the person holds a valid (not revoked, not expired) certificate of the course:
    what a prerequisite and a plan item ask."""
    today = timezone.localdate()
    return (
        Certificate.objects.filter(employee=employee, course=course, revoked_at__isnull=True)
        .exclude(expires_on__lt=today)
        .exists()
    )


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
