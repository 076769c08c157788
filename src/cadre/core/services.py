"""Core services: jobs. (Audit events are appended by ``cadre.core.audit.audit_record``.)"""

from __future__ import annotations

import logging
from typing import Any

from django.db import transaction
from django.utils import timezone

from cadre.core.choices import JobStatus
from cadre.core.errors import ApplicationError
from cadre.core.models import Job

logger = logging.getLogger(__name__)


@transaction.atomic
def job_create(
    *, actor: Any, kind: str, params: dict[str, Any] | None = None, organisation_path: str = ""
) -> Job:
    """Record a job and start it in the background once this transaction commits."""
    from cadre.core.tasks import JOB_HANDLERS, enqueue, job_run

    if kind not in JOB_HANDLERS:
        raise ApplicationError(f"Unknown job kind: {kind}", field="kind", code="unknown_kind")
    job = Job.objects.create(
        kind=kind,
        params=params or {},
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
        organisation_path=organisation_path,
    )
    enqueue(job_run, str(job.pk))
    return job


def job_progress(*, job_id: Any, done: int, total: int, message: str = "") -> None:
    """Record progress; committed at once so that a polling page sees it."""
    Job.objects.filter(pk=job_id).update(
        progress_done=min(done, total) if total else done,
        progress_total=total,
        message=message[:255],
    )


def job_execute(*, job_id: str) -> str:
    """Run a queued job with its registered handler and record how it ended."""
    from cadre.core.tasks import JOB_HANDLERS

    claimed = Job.objects.filter(pk=job_id, status=JobStatus.QUEUED).update(
        status=JobStatus.RUNNING, started_at=timezone.now()
    )
    if not claimed:
        return "skipped"
    job = Job.objects.get(pk=job_id)
    handler = JOB_HANDLERS[job.kind]

    def progress(done: int, total: int, message: str = "") -> None:
        job_progress(job_id=job.pk, done=done, total=total, message=message)

    try:
        result = handler(job, progress)
    except Exception as exc:
        logger.exception("job %s (%s) failed", job.pk, job.kind)
        Job.objects.filter(pk=job.pk).update(
            status=JobStatus.FAILED, finished_at=timezone.now(), message=str(exc)[:255]
        )
        return JobStatus.FAILED
    Job.objects.filter(pk=job.pk).update(
        status=JobStatus.SUCCEEDED,
        finished_at=timezone.now(),
        result=result or {},
    )
    return JobStatus.SUCCEEDED
