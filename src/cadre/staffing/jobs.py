"""The staffing app's background work: computing a scenario (a job with its progress)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.utils.translation import gettext_lazy

from cadre.accounts.models import User
from cadre.core.tasks import job_handler
from cadre.staffing.models import Scenario
from cadre.staffing.services.scenarios import JOB_COMPUTE, scenario_compute


@job_handler(JOB_COMPUTE, time_limit=900, label=gettext_lazy("Headcount scenario computed"))
def run_scenario_compute(job: Any, progress: Callable[..., None]) -> dict[str, Any]:
    scenario = Scenario.objects.select_related("organisation").get(pk=job.params["scenario"])
    actor = User.objects.get(pk=job.created_by_id)
    done = scenario_compute(actor=actor, scenario=scenario, progress=progress)
    results = done.results
    return {
        "scenario": done.pk,
        "units_saved": results["units_saved"],
        "people_affected": results["people_affected"],
        "below_minimum": results["below_minimum"],
    }
