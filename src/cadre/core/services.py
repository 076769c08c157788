"""Core services: jobs. (Audit events are appended by ``cadre.core.audit.audit_record``.)"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone, translation
from django.utils.translation import get_language, gettext_noop

from cadre.core.choices import JobStatus
from cadre.core.errors import ApplicationError
from cadre.core.jobmessages import job_message, key_of
from cadre.core.jobrun import JobTimeLimit, Reporter, job_live, time_limit_message
from cadre.core.models import Job

logger = logging.getLogger(__name__)

# Celery's hard limit comes this long after a job's own limit, which stops it cleanly.
HARD_LIMIT_GRACE = 120


@transaction.atomic
def job_create(
    *, actor: Any, kind: str, params: dict[str, Any] | None = None, organisation_path: str = ""
) -> Job:
    """Record a job and start it in the background once this transaction commits."""
    from celery import current_app

    from cadre.core.tasks import JOB_HANDLERS, JOB_TIME_LIMITS, enqueue

    job_run = current_app.tasks["cadre.core.tasks.job_run"]  # core/jobs.py

    if kind not in JOB_HANDLERS:
        raise ApplicationError(f"Unknown job kind: {kind}", field="kind", code="unknown_kind")
    job = Job.objects.create(
        kind=kind,
        params=params or {},
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
        organisation_path=organisation_path,
        time_limit=JOB_TIME_LIMITS.get(kind, settings.CADRE_JOB_TIME_LIMIT),
        language=get_language() or "",
    )
    enqueue(
        job_run,
        str(job.pk),
        time_limit=job.time_limit + HARD_LIMIT_GRACE,
        not_queued=lambda exc: job_not_queued(job),
    )
    return job


def job_not_queued(job: Job) -> None:
    """The broker refused the job's task (Redis down): fail the job now, with the reason,
    rather than leave it queued until the reaper gives up on it (decision 0042)."""
    with translation.override(job.language or None):
        reason = job_message(
            gettext_noop(
                "Stopped: the queue service was not reachable, so this job was never started "
                "and nothing was done. Please start it again."
            )
        )
    _job_abandon(job, reason, timezone.now())


def job_execute(*, job_id: str) -> str:
    """Run a queued job with its registered handler and record how it ended."""
    from cadre.core.tasks import JOB_HANDLERS

    claimed = Job.objects.filter(pk=job_id, status=JobStatus.QUEUED).update(
        status=JobStatus.RUNNING, started_at=timezone.now(), heartbeat_at=timezone.now()
    )
    if not claimed:
        return "skipped"
    job = Job.objects.get(pk=job_id)
    handler = JOB_HANDLERS[job.kind]
    # A thread of its own writes the progress, unless the job row is not committed yet
    # (a job run inline inside a caller's transaction, as tests do): then only at the end.
    reporter = Reporter(
        job_id=job.pk, time_limit=job.time_limit, flush=not connection.in_atomic_block
    )
    try:
        with reporter, translation.override(job.language or None):
            result = handler(job, reporter)
    except JobTimeLimit as exc:
        logger.error("job %s (%s) stopped at its time limit", job.pk, job.kind)
        _job_finish(job, reporter, JobStatus.FAILED, message=exc.args[0] if exc.args else str(exc))
        _job_cleanup(job)
        return JobStatus.FAILED
    except Exception as exc:
        logger.exception("job %s (%s) failed", job.pk, job.kind)
        _job_finish(job, reporter, JobStatus.FAILED, message=str(exc))
        return JobStatus.FAILED
    _job_finish(job, reporter, JobStatus.SUCCEEDED, result=result or {})
    return JobStatus.SUCCEEDED


def _job_finish(
    job: Job,
    reporter: Reporter,
    status: str,
    *,
    message: str | None = None,
    result: dict[str, Any] | None = None,
) -> None:
    done, total, last = reporter.snapshot()
    values: dict[str, Any] = {
        "status": status,
        "finished_at": timezone.now(),
        "progress_done": done,
        "progress_total": total,
        "message": (last if message is None else message)[:255],
        # A failure's text is plain (no source to translate again).
        "message_key": reporter.snapshot_key() if message is None else key_of(message),
    }
    if result is not None:
        values["result"] = result
    # A job the reaper already gave up on stays failed.
    Job.objects.filter(pk=job.pk, status=JobStatus.RUNNING).update(**values)


def _job_cleanup(job: Job) -> None:
    from cadre.core.tasks import JOB_CLEANUPS

    cleanup = JOB_CLEANUPS.get(job.kind)
    if cleanup is not None:
        try:
            cleanup(job)
        except Exception:
            logger.exception("job %s: cleanup failed", job.pk)


def job_reap(*, now: dt.datetime | None = None) -> dict[str, int]:
    """Mark failed, with the reason, the jobs that can no longer finish, and clean up after
    them: running jobs whose runner stopped answering (a killed worker, a restarted server)
    or that ran past their time limit, and queued jobs that no runner ever picked up."""
    now = now or timezone.now()
    stale = now - dt.timedelta(seconds=settings.CADRE_JOB_STALE_SECONDS)
    counts = {"silent": 0, "overran": 0, "never_started": 0}
    for job in Job.objects.filter(status=JobStatus.RUNNING):
        limit_at = (job.started_at or now) + dt.timedelta(seconds=job.time_limit + HARD_LIMIT_GRACE)
        live = job_live(job.pk)
        heard = max(
            filter(None, [job.heartbeat_at, job.started_at]),
            default=now,
        )
        if live is not None:
            heard = max(heard, dt.datetime.fromtimestamp(live["beat"], tz=dt.UTC))
        with translation.override(job.language or None):
            if now > limit_at:
                reason, key = time_limit_message(job.time_limit), "overran"
            elif heard < stale:
                reason = job_message(
                    gettext_noop(
                        "Stopped: the worker running this job stopped answering at %(time)s UTC."
                    ),
                    time=heard.strftime("%Y-%m-%d %H:%M:%S"),
                )
                key = "silent"
            else:
                continue
        if _job_abandon(job, reason, now):
            counts[key] += 1
    never = now - dt.timedelta(seconds=settings.CADRE_JOB_QUEUED_SECONDS)
    for job in Job.objects.filter(status=JobStatus.QUEUED, created_at__lt=never):
        with translation.override(job.language or None):
            reason = job_message(gettext_noop("Stopped: no worker picked this job up."))
        if _job_abandon(job, reason, now):
            counts["never_started"] += 1
    return counts


def _job_abandon(job: Job, reason: str, now: dt.datetime) -> bool:
    updated = Job.objects.filter(pk=job.pk, status=job.status).update(
        status=JobStatus.FAILED, finished_at=now, message=reason[:255], message_key=key_of(reason)
    )
    if updated:
        logger.error("job %s (%s) abandoned: %s", job.pk, job.kind, reason)
        _job_cleanup(job)
    return bool(updated)
