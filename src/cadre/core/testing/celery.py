"""A real Celery worker process on a real Redis broker, for tests (REDIS_URL must be set).

Use the fixtures by importing them into a test module: ``from cadre.core.testing.celery
import celery_queue, worker``. The worker opens the same test database; the test must be
``django_db(transaction=True)`` so that the worker sees its rows.
"""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.db import connection

from cadre.celery import app as celery_app

REDIS_URL = os.environ.get("REDIS_URL", "")


def _database_url() -> str:
    s = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{s['NAME']}"
    auth = s["USER"] + (f":{s['PASSWORD']}" if s["PASSWORD"] else "")
    return f"postgres://{auth}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


@pytest.fixture
def celery_worker_env() -> dict[str, str]:
    """Environment variables for the worker beyond the database and broker; a test module
    redefines this fixture to change them."""
    return {}


@pytest.fixture
def worker(celery_queue: str, celery_worker_env: dict[str, str]) -> Iterator[subprocess.Popen[str]]:
    env = {
        **os.environ,
        **celery_worker_env,
        "DJANGO_SETTINGS_MODULE": "cadre.settings",
        "DATABASE_URL": _database_url(),
        "CADRE_DATA_DIR": str(settings.DATA_DIR),
        "CADRE_TASKS": "celery",
        "REDIS_URL": REDIS_URL,
    }
    log = Path(settings.DATA_DIR) / f"worker-{celery_queue}.log"
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
                celery_queue,
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
def celery_queue(settings: Any) -> Iterator[str]:
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
