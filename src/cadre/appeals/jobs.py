"""Background work of the appeals app."""

from __future__ import annotations

from celery import shared_task


@shared_task(name="cadre.appeals.jobs.overdue_reminders_scheduled")
def overdue_reminders_scheduled() -> int:
    from cadre.appeals.reminders import appeal_overdue_reminders

    return appeal_overdue_reminders()
