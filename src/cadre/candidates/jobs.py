"""The candidates app's periodic job: sign-ups never verified are closed, their addresses
freed (``CADRE_CANDIDATE_UNVERIFIED_DAYS``)."""

from __future__ import annotations

from celery import shared_task

from cadre.candidates import services


@shared_task(name="cadre.candidates.jobs.unverified_close_scheduled")
def unverified_close_scheduled() -> int:
    return services.unverified_close()
