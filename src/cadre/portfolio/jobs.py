"""The portfolio's jobs: overlaps over the whole portfolio, and for one new or changed entry."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from cadre.core.tasks import job_handler
from cadre.portfolio import detection
from cadre.portfolio.models import System


@job_handler("portfolio.overlaps_detect", time_limit=3600)
def run_overlaps_detect(job: Any, progress: Callable[..., None]) -> dict[str, Any]:
    return detection.overlaps_detect(progress=progress)


@job_handler("portfolio.overlaps_for_system", time_limit=600)
def run_overlaps_for_system(job: Any, progress: Callable[..., None]) -> dict[str, Any]:
    system = System.objects.filter(pk=job.params["system"]).first()
    if system is None:  # removed before its check ran
        return {"entries": 0, "found": 0, "new": 0, "updated": 0, "dropped": 0, "reopened": 0}
    return detection.overlaps_for_system(system=system, progress=progress)
