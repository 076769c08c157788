"""A real task through a real Redis broker to a real Celery worker process.

Runs when REDIS_URL is set (CI sets it); the worker opens the same test database.
"""

from __future__ import annotations

import time

import pytest

from cadre.core.models import AuditEvent, Job
from cadre.core.services import job_create
from cadre.core.tasks import ping
from cadre.core.testing.celery import REDIS_URL

pytestmark = [
    pytest.mark.redis,
    pytest.mark.skipif(not REDIS_URL, reason="REDIS_URL is not set"),
    pytest.mark.django_db(transaction=True),
]


def test_a_task_runs_in_the_worker_process(worker, celery_queue: str) -> None:
    result = ping.apply_async(args=(21,), queue=celery_queue).get(timeout=60)
    assert result["value"] == 42
    assert result["pid"] == worker.pid


def test_a_job_runs_on_the_worker_and_its_progress_lands_in_the_database(
    worker, celery_queue: str
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
