"""A real task through a real Redis broker to a real Celery worker process.

Runs when REDIS_URL is set (CI sets it); the worker opens the same test database.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from cadre.celery import app as celery_app
from cadre.core.models import AuditEvent, Job
from cadre.core.services import job_create
from cadre.core.tasks import ping

REDIS_URL = os.environ.get("REDIS_URL", "")
pytestmark = [
    pytest.mark.redis,
    pytest.mark.skipif(not REDIS_URL, reason="REDIS_URL is not set"),
    pytest.mark.django_db(transaction=True),
]


def _database_url() -> str:
    s = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{s['NAME']}"
    auth = s["USER"] + (f":{s['PASSWORD']}" if s["PASSWORD"] else "")
    return f"postgres://{auth}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


@pytest.fixture
def worker(settings_override: str) -> Iterator[subprocess.Popen[str]]:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cadre.settings",
        "DATABASE_URL": _database_url(),
        "CADRE_DATA_DIR": str(settings.DATA_DIR),
        "CADRE_TASKS": "celery",
        "REDIS_URL": REDIS_URL,
    }
    log = Path(settings.DATA_DIR) / f"worker-{settings_override}.log"
    with log.open("w") as out:
        proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "cadre",
                "worker",
                "-Q",
                settings_override,
                "--pool",
                "solo",
                "--without-heartbeat",
                "--without-mingle",
                "--without-gossip",
                "--loglevel",
                "INFO",
            ],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            text=True,
        )
        try:
            yield proc
        finally:
            proc.terminate()
            proc.wait(timeout=30)


@pytest.fixture
def settings_override(settings) -> Iterator[str]:
    """Send tasks through the broker to a queue of this test's own."""
    queue = f"cadre-test-{uuid.uuid4().hex[:8]}"
    settings.CADRE_TASKS = "celery"
    conf = celery_app.conf
    keys = ("task_always_eager", "broker_url", "result_backend", "task_default_queue")
    saved = {key: conf[key] for key in keys}
    conf.update(
        task_always_eager=False,
        broker_url=REDIS_URL,
        result_backend=REDIS_URL,
        task_default_queue=queue,
    )
    yield queue
    conf.update(saved)


def test_a_task_runs_in_the_worker_process(worker, settings_override: str) -> None:
    result = ping.apply_async(args=(21,), queue=settings_override).get(timeout=60)
    assert result["value"] == 42
    assert result["pid"] == worker.pid


def test_a_job_runs_on_the_worker_and_its_progress_lands_in_the_database(
    worker, settings_override: str
) -> None:
    from cadre.accounts.services import national_admin_bootstrap
    from cadre.orgs.services import organisation_create

    admin = national_admin_bootstrap(username="root", password="a-long-enough-password")
    for i in range(3):
        organisation_create(actor=admin, name=f"O{i}", code=f"O{i}", kind="country")
    job = job_create(actor=admin, kind="core.audit_verify")
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        job.refresh_from_db()
        if job.finished:
            break
        time.sleep(0.2)
    assert job.status == "succeeded", job.message
    checked = AuditEvent.objects.count()
    assert job.result["main"] == {
        "checked": checked,
        "ok": True,
        "first_broken_id": None,
        "reason": "",
    }
    assert Job.objects.get(pk=job.pk).started_at is not None
