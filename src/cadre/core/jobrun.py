"""The runner's side of a job: progress, heartbeat and time limit (decision 0005).

A handler reports progress by calling ``reporter(done, total, message)``. That call only
records the figures in memory (and checks the time limit): it never touches the database
connection the handler is using, which may be inside the import's transaction or in the
middle of a ``COPY`` (writing through it then deadlocks the job: psycopg holds the
connection for the COPY). A thread of the reporter's own, with a database connection of its
own, writes the latest figures and a heartbeat every ``CADRE_JOB_FLUSH_SECONDS`` in
autocommit, so that they are visible at once; it also puts them in the cache, which is what
a page polls while SQLite's single writer is held by the import's transaction.
"""

from __future__ import annotations

import logging
import threading
import time
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, connection, connections, transaction
from django.utils import timezone
from django.utils.translation import gettext_noop

from cadre.core.jobmessages import job_message, key_of

logger = logging.getLogger(__name__)


class JobTimeLimit(Exception):
    """The job ran past its time limit; raised from a progress call so that the handler's
    transaction rolls back."""


def live_key(job_id: Any) -> str:
    return f"cadre:job:{job_id}:live"


def job_live(job_id: Any) -> dict[str, Any] | None:
    """The latest progress of a running job as its runner last published it."""
    value = cache.get(live_key(job_id))
    return value if isinstance(value, dict) else None


def job_with_live_progress(job: Any) -> Any:
    """``job`` with the figures its runner published last, when they are newer than the
    row's (on SQLite the row cannot be written while an import holds the writer)."""
    from cadre.core.choices import JobStatus

    if job.status == JobStatus.RUNNING:
        live = job_live(job.pk)
        if live is not None:
            total = int(live["total"])
            job.progress_total = total
            job.progress_done = min(int(live["done"]), total) if total else int(live["done"])
            job.message = str(live["message"])
            job.message_key = live.get("message_key") or {}
    return job


class Reporter:
    """Progress of one running job: ``reporter(done, total, message)``."""

    def __init__(self, *, job_id: Any, time_limit: int, flush: bool) -> None:
        self.job_id = job_id
        self.time_limit = time_limit
        self.deadline = time.monotonic() + time_limit
        self.done = 0
        self.total = 0
        self.message = ""
        self.message_key: dict[str, Any] = {}
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._flush = flush

    def __call__(self, done: int, total: int, message: str = "") -> None:
        with self._lock:
            self.done, self.total, self.message = done, total, str(message)
            self.message_key = key_of(message)
        if time.monotonic() > self.deadline:
            raise JobTimeLimit(time_limit_message(self.time_limit))

    def snapshot(self) -> tuple[int, int, str]:
        with self._lock:
            total = self.total
            done = min(self.done, total) if total else self.done
            return done, total, self.message[:255]

    def snapshot_key(self) -> dict[str, Any]:
        """The source of the latest message (``core.jobmessages``), ``{}`` for plain text."""
        with self._lock:
            return dict(self.message_key)

    # --- the flushing thread ------------------------------------------------------------

    def __enter__(self) -> Reporter:
        if self._flush:
            self._thread = threading.Thread(
                target=self._run, name=f"cadre-job-{self.job_id}", daemon=True
            )
            self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=30)
        cache.delete(live_key(self.job_id))

    def _run(self) -> None:
        interval = settings.CADRE_JOB_FLUSH_SECONDS
        try:
            # Never wait long for a lock (SQLite's single writer, or the job's row locked by
            # the handler): the cache carries the figures until the next try.
            connection.ensure_connection()
            if connection.vendor == "sqlite":
                with connection.cursor() as cursor:
                    cursor.execute("PRAGMA busy_timeout = 100")
            while True:
                self.publish()
                if self._stop.wait(interval):
                    break
        except Exception:  # the runner must not fail because its reporter did
            logger.exception("job %s: the progress thread stopped", self.job_id)
        finally:
            connections.close_all()  # this thread's connections only

    def publish(self) -> None:
        """Write the figures and the heartbeat (cache first, then the database)."""
        from cadre.core.choices import JobStatus
        from cadre.core.models import Job

        done, total, message = self.snapshot()
        key = self.snapshot_key()
        now = timezone.now()
        cache.set(
            live_key(self.job_id),
            {
                "done": done,
                "total": total,
                "message": message,
                "message_key": key,
                "beat": now.timestamp(),
            },
            timeout=max(60, 2 * settings.CADRE_JOB_STALE_SECONDS),
        )
        try:
            with transaction.atomic():
                if connection.vendor == "postgresql":
                    # For this transaction only: behind PgBouncer's transaction pooling a
                    # session setting would stay on a server connection others then use.
                    with connection.cursor() as cursor:
                        cursor.execute("SET LOCAL lock_timeout = '500ms'")
                Job.objects.filter(pk=self.job_id, status=JobStatus.RUNNING).update(
                    progress_done=done,
                    progress_total=total,
                    message=message,
                    message_key=key,
                    heartbeat_at=now,
                )
        except DatabaseError as exc:  # SQLite busy with the import's own transaction
            logger.debug("job %s: progress not written yet (%s)", self.job_id, exc)


def time_limit_message(seconds: int) -> str:
    if seconds < 120:
        return job_message(
            gettext_noop("Stopped: the job ran past its time limit of %(seconds)s s."),
            seconds=seconds,
        )
    return job_message(
        gettext_noop("Stopped: the job ran past its time limit of %(minutes)s min."),
        minutes=round(seconds / 60),
    )
