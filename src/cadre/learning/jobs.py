"""Background work of the learning app."""

from __future__ import annotations

from celery import shared_task


@shared_task(name="cadre.learning.jobs.certificate_expiry_alerts_scheduled")
def certificate_expiry_alerts_scheduled() -> int:
    from cadre.learning.services.certificates import certificate_expiry_alerts

    return certificate_expiry_alerts()
