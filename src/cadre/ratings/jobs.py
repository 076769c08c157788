"""Background work of the ratings app."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from celery import shared_task
from django.utils.translation import gettext_lazy, gettext_noop

from cadre.core.jobmessages import job_message
from cadre.core.models import Job
from cadre.core.tasks import job_handler


@job_handler("ratings.scores_recompute", label=gettext_lazy("Rating scores recount"))
def run_scores_recompute(job: Job, progress: Callable[..., None]) -> dict[str, Any]:
    from cadre.ratings.scores import scores_recompute

    progress(0, 1, job_message(gettext_noop("Counting")))
    result = scores_recompute()
    progress(1, 1, job_message(gettext_noop("Scores recomputed")))
    return result


@shared_task(name="cadre.ratings.jobs.scores_fold_scheduled")
def scores_fold_scheduled() -> dict[str, Any]:
    from cadre.ratings.scores import scores_fold

    return scores_fold()


@shared_task(name="cadre.ratings.jobs.scores_recompute_scheduled")
def scores_recompute_scheduled() -> dict[str, Any]:
    from cadre.ratings.scores import scores_recompute

    return scores_recompute()


@shared_task(name="cadre.ratings.jobs.partitions_ensure_scheduled")
def partitions_ensure_scheduled() -> list[str]:
    """PostgreSQL: the rating partitions of this month and the next ones (decision 0041)."""
    from cadre.ratings.partitions import partitions_ensure

    return partitions_ensure(source="task")
