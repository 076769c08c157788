"""Background work of the assessment app."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from celery import shared_task
from django.utils.translation import gettext_lazy, gettext_noop

from cadre.core.jobmessages import job_message
from cadre.core.models import Job
from cadre.core.tasks import job_handler


@job_handler("assessments.gaps_recompute", label=gettext_lazy("Competency gaps recount"))
def run_gaps_recompute(job: Job, progress: Callable[..., None]) -> dict[str, Any]:
    from cadre.assessments.gaps import gaps_recompute

    return gaps_recompute(
        progress=lambda done, total: progress(
            done, total, job_message(gettext_noop("Counting gaps"))
        )
    )


@shared_task(name="cadre.assessments.jobs.gaps_recompute_scheduled")
def gaps_recompute_scheduled() -> dict[str, Any]:
    from cadre.assessments.gaps import gaps_recompute

    return gaps_recompute()


@shared_task(name="cadre.assessments.jobs.campaign_reminders_scheduled")
def campaign_reminders_scheduled() -> int:
    from cadre.assessments.campaigns.running import campaign_reminders

    return campaign_reminders()
