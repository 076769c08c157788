"""What core puts on a home page (decision 0028): the jobs of the user's scope that failed
this week — imports among them — linked to the job list the user may open."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import ngettext

from cadre.core.choices import JobStatus, Role
from cadre.core.models import Job
from cadre.core.permissions import roles_of
from cadre.core.registry import ALERT, HomeItem

# Roles whose work is their own: they are not shown the machinery (jobs, the API).
PERSONAL_ROLES = frozenset({Role.EMPLOYEE, Role.TRAINING_PROVIDER})
FAILED_JOBS_DAYS = 7


def runs_machinery(user: Any) -> bool:
    """Whether ``user`` holds a role beyond an employee's or a training provider's: the
    menu shows them Jobs and the API."""
    return bool(getattr(user, "is_superuser", False) or roles_of(user) - PERSONAL_ROLES)


def failed_jobs(user: Any) -> Iterator[HomeItem]:
    if not runs_machinery(user):
        return
    since = timezone.now() - dt.timedelta(days=FAILED_JOBS_DAYS)
    n = (
        Job.objects.restrict(user, "view")
        .filter(status=JobStatus.FAILED, created_at__gte=since)
        .count()
    )
    if n:
        yield HomeItem(
            ALERT,
            ngettext(
                "%(n)d job failed in the last %(days)d days",
                "%(n)d jobs failed in the last %(days)d days",
                n,
            )
            % {"n": n, "days": FAILED_JOBS_DAYS},
            reverse("core:job_list") + "?status=failed",
            count=n,
        )
