"""Background work of competitions."""

from __future__ import annotations

from celery import shared_task


@shared_task(name="cadre.competitions.jobs.scores_due_scheduled")
def scores_due_scheduled() -> int:
    from cadre.competitions.reminders import scores_due_reminders

    return scores_due_reminders()
