"""The KPI app's job: compute a period's achievements (``kpi.achievements_compute``)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy

from cadre.core.tasks import job_handler
from cadre.kpi import services
from cadre.kpi.models import Period


@job_handler("kpi.achievements_compute", time_limit=3600, label=gettext_lazy("KPI achievements"))
def run_achievements_compute(job: Any, progress: Callable[..., None]) -> dict[str, Any]:
    period = Period.objects.get(pk=job.params["period"])
    actor = get_user_model().objects.filter(pk=job.created_by_id).first()
    return services.achievements_compute(actor=actor, period=period, progress=progress)
