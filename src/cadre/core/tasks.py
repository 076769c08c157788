"""Background work: how a task is started, and the job runner.

Tasks take ids and call services (CONVENTIONS 10). ``enqueue`` hides where they run:
on Celery workers when a broker is configured, in a thread of this process after commit in
the embedded mode, inline in tests.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from typing import Any

from celery import shared_task
from django.conf import settings
from django.db import connections, transaction

from cadre.core.labels import job_kind

logger = logging.getLogger(__name__)


def enqueue(
    task: Any,
    *args: Any,
    time_limit: int | None = None,
    not_queued: Callable[[Exception], None] | None = None,
) -> None:
    """Run ``task(*args)`` in the background once the current transaction commits.

    ``time_limit`` (seconds) is Celery's hard limit: a worker child still running then is
    killed (the job's own limit stops it earlier, see ``cadre.core.jobrun``).

    ``not_queued(exc)`` is called when the broker refuses the task (Redis down, after
    Celery's own publish retries); the error is raised again afterwards, so the request that
    asked for the task is answered 503 (``core/outage.py``). The task is sent only after the
    commit (else a worker could look for a row not committed yet), so the rows are written by
    then: ``not_queued`` is what keeps them from waiting for a task that never comes."""
    mode = settings.CADRE_TASKS
    if mode == "eager":
        transaction.on_commit(lambda: task.apply(args=args, throw=True), robust=False)
    elif mode == "thread":
        transaction.on_commit(lambda: _start_thread(task, args))
    else:
        options = {"time_limit": time_limit} if time_limit else {}

        def publish() -> None:
            try:
                task.apply_async(args=args, **options)
            except Exception as exc:
                logger.error("task %s could not be queued: %s", task.name, exc)
                if not_queued is not None:
                    try:
                        not_queued(exc)
                    except Exception:
                        logger.exception("task %s: not_queued failed", task.name)
                raise

        transaction.on_commit(publish)


# The task threads still running (``threads_join`` waits for them: the embedded server's
# shutdown, and tests, whose database is emptied once they end).
_THREADS: set[threading.Thread] = set()
_THREADS_LOCK = threading.Lock()


def _start_thread(task: Any, args: tuple[Any, ...]) -> None:
    def run() -> None:
        try:
            task.apply(args=args)
        finally:
            connections.close_all()  # this thread's own; it ends here
            with _THREADS_LOCK:
                _THREADS.discard(threading.current_thread())

    thread = threading.Thread(target=run, name=f"cadre-task-{task.name}", daemon=True)
    with _THREADS_LOCK:
        _THREADS.add(thread)
    thread.start()


def threads_join(timeout: float) -> bool:
    """Wait until the task threads of this process have ended, including those they start
    (an import starts the recount of the figures it changed); whether they all did."""
    deadline = time.monotonic() + timeout
    while True:
        with _THREADS_LOCK:
            running = list(_THREADS)
        if not running:
            return True
        for thread in running:
            thread.join(max(0.0, deadline - time.monotonic()))
        if time.monotonic() >= deadline:
            with _THREADS_LOCK:
                return not _THREADS


JobHandler = Callable[..., dict[str, Any]]
JOB_HANDLERS: dict[str, JobHandler] = {}
# Seconds a job of the kind may run (the default: settings.CADRE_JOB_TIME_LIMIT).
JOB_TIME_LIMITS: dict[str, int] = {}
# What to undo when a job of the kind is abandoned (its runner died or overran): e.g.
# delete the uploaded file. Called with the job.
JOB_CLEANUPS: dict[str, Callable[[Any], None]] = {}


def job_handler(
    kind: str,
    *,
    time_limit: int | None = None,
    cleanup: Callable[[Any], None] | None = None,
    label: Any = None,
) -> Callable[[JobHandler], JobHandler]:
    """Register ``fn(job, progress)`` as the code that runs jobs of ``kind``, called
    ``label`` in the job list (``core/labels.py``)."""

    def register(fn: JobHandler) -> JobHandler:
        JOB_HANDLERS[kind] = fn
        job_kind(kind, label)
        if time_limit is not None:
            JOB_TIME_LIMITS[kind] = time_limit
        if cleanup is not None:
            JOB_CLEANUPS[kind] = cleanup
        return fn

    return register


@shared_task(name="cadre.core.tasks.ping")
def ping(value: int) -> dict[str, Any]:
    """A task with no side effects, for checking that workers answer."""
    import os

    return {"value": value * 2, "pid": os.getpid()}
