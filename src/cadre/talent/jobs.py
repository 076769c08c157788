"""The talent reserve's background work: the daily expiry round and the matching of many
vacancies at once (a job with its progress, started from the matching page)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from celery import shared_task
from django.utils.translation import gettext_lazy

from cadre.accounts.models import User
from cadre.core.tasks import job_handler
from cadre.orgs.models import Organisation
from cadre.talent.services.expiry import reserve_expire_and_remind
from cadre.talent.services.matching import JOB_MANY, matches_propose


@shared_task(name="cadre.talent.jobs.reserve_expiry_scheduled")
def reserve_expiry_scheduled() -> dict[str, int]:
    return reserve_expire_and_remind()


@job_handler(JOB_MANY, time_limit=1800, label=gettext_lazy("Reserve matched to vacancies"))
def run_match_many(job: Any, progress: Callable[..., None]) -> dict[str, Any]:
    within_id = job.params.get("within")
    within = Organisation.objects.filter(pk=within_id).first() if within_id else None
    actor = User.objects.get(pk=job.created_by_id)
    return matches_propose(
        actor=actor,
        within=within,
        per_vacancy=int(job.params.get("per_vacancy") or 500),
        progress=progress,
    )
