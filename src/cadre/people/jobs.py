"""Background work of the people app."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from celery import shared_task
from django.utils.translation import gettext_lazy, gettext_noop

from cadre.core.jobmessages import job_message
from cadre.core.models import Job
from cadre.core.stale import stored_figures
from cadre.core.tasks import job_handler

# The dashboard figures count people, their posts and education, posts and organisations:
# any audited change to those marks them for a recount (core/stale.py).
stored_figures("people.figures_refresh", from_types=("people.", "orgs."))


@job_handler("people.figures_refresh", label=gettext_lazy("Registry figures recount"))
def run_figures_refresh(job: Job, progress: Callable[..., None]) -> dict[str, Any]:
    """Recompute the stored dashboard figures of every organisation."""
    from cadre.people.selectors import figures_refresh

    progress(0, 1, job_message(gettext_noop("Counting")))
    written = figures_refresh()
    progress(1, 1, job_message(gettext_noop("Figures of %(n)s organisations computed"), n=written))
    return {"organisations": written}


@shared_task(name="cadre.people.jobs.figures_refresh_scheduled")
def figures_refresh_scheduled() -> dict[str, Any]:
    from cadre.people.selectors import figures_refresh

    return {"organisations": figures_refresh()}
