"""Job kinds that belong to core."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

from celery import shared_task
from django.utils.translation import gettext_lazy, gettext_noop

from cadre.core.audit import audit_chains, audit_verify
from cadre.core.jobmessages import job_message
from cadre.core.models import Job
from cadre.core.tasks import job_handler

logger = logging.getLogger(__name__)


@job_handler("core.audit_verify", label=gettext_lazy("Audit chain check"))
def run_audit_verify(job: Job, progress: Callable[..., None]) -> dict[str, Any]:
    """Verify every audit chain; the result names the first broken event of each."""
    result: dict[str, Any] = {}
    for chain in audit_chains():
        report = audit_verify(
            chain=chain,
            progress=lambda done, total, c=chain: progress(
                done, total, job_message(gettext_noop("Checking chain %(chain)s"), chain=c)
            ),
        )
        result[chain] = {
            "checked": report.checked,
            "ok": report.ok,
            "first_broken_id": report.first_broken_id,
            "reason": report.reason,
        }
        progress(
            report.checked,
            report.checked,
            job_message(gettext_noop("Chain %(chain)s checked"), chain=chain),
        )
    return result


def _delete_upload(job: Job) -> None:
    """An abandoned import's uploaded file is deleted (it holds personal data)."""
    if job.params.get("path"):
        Path(job.params["path"]).unlink(missing_ok=True)


@job_handler("core.import", cleanup=_delete_upload, label=gettext_lazy("Import"))
def run_import(job: Job, progress: Callable[..., None]) -> dict[str, Any]:
    """Run a tabular import uploaded by a user; the file is deleted afterwards."""
    from django.contrib.auth import get_user_model

    User = get_user_model()
    from cadre.core.imports.runs import import_run

    params = job.params
    path = Path(params["path"])
    actor = User.objects.get(pk=job.created_by_id)
    try:
        report = import_run(
            actor=actor,
            kind=params["kind"],
            path=path,
            name=params["name"],
            mode=params["mode"],
            progress=progress,
        )
    finally:
        path.unlink(missing_ok=True)
    if report.written:
        from cadre.core.imports.spec import IMPORTS
        from cadre.core.services import job_create

        for kind in IMPORTS[params["kind"]].refresh_jobs:
            job_create(actor=actor, kind=kind)
    return report.as_dict()


# Celery tasks that run jobs (named under core.tasks, where they were first declared).


@shared_task(name="cadre.core.tasks.job_run")
def job_run(job_id: str) -> str:
    from cadre.core.services import job_execute

    return job_execute(job_id=job_id)


@shared_task(name="cadre.core.tasks.jobs_reap_scheduled")
def jobs_reap_scheduled() -> dict[str, int]:
    from cadre.core.services import job_reap

    return job_reap()


@shared_task(name="cadre.core.tasks.stale_figures_refresh_scheduled")
def stale_figures_refresh_scheduled() -> list[str]:
    from cadre.core.stale import stale_figures_refresh

    return stale_figures_refresh()


@shared_task(name="cadre.core.tasks.audit_verify_scheduled")
def audit_verify_scheduled() -> dict[str, Any]:
    out = {}
    for chain in audit_chains():
        report = audit_verify(chain=chain)
        out[chain] = {"checked": report.checked, "first_broken_id": report.first_broken_id}
        if not report.ok:
            logger.error("audit chain %s broken at event %s", chain, report.first_broken_id)
    return out
