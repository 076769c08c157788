"""Background work of the project office."""

from __future__ import annotations

from celery import shared_task


@shared_task(name="cadre.projects.jobs.milestone_reminders_scheduled")
def milestone_reminders_scheduled() -> dict[str, int]:
    from cadre.projects.reminders import milestone_reminders

    return milestone_reminders()
