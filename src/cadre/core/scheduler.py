"""The periodic jobs without a broker (embedded mode): one process that runs each periodic
job the apps declare (``core.registry.periodic_jobs``) when it is due, the same schedule
``celery beat`` reads in production (decision 0005). ``cadre up`` and ``cadre serve`` start
it beside the web server when no broker is configured; ``cadre scheduler`` runs it alone.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from collections.abc import Callable
from typing import Any

from celery.schedules import schedule as every
from django.db import close_old_connections

logger = logging.getLogger(__name__)


def _schedule_of(value: Any) -> Any:
    return every(dt.timedelta(seconds=value)) if isinstance(value, int | float) else value


class Scheduler:
    """Runs due entries of a beat schedule, each in this process, one after another."""

    def __init__(
        self, entries: dict[str, Any], *, now: Callable[[], dt.datetime] | None = None
    ) -> None:
        from django.utils import timezone

        self.now = now or timezone.now
        self.entries = {name: _schedule_of(e["schedule"]) for name, e in entries.items()}
        self.tasks = {name: e["task"] for name, e in entries.items()}
        # Like celery beat at its first start: every entry counts from now.
        start = self.now()
        self.last_run = dict.fromkeys(entries, start)

    def tick(self) -> tuple[list[str], float]:
        """Run what is due; the names run and the seconds until the next is due."""
        from celery import current_app

        ran: list[str] = []
        wait = 60.0
        for name, sched in self.entries.items():
            due, next_in = sched.is_due(self.last_run[name])
            if due:
                self.last_run[name] = self.now()
                task = current_app.tasks[self.tasks[name]]
                try:
                    task.apply(throw=True)
                    ran.append(name)
                except Exception:
                    logger.exception("periodic job %s failed", name)
            wait = min(wait, float(next_in))
        return ran, max(1.0, wait)

    def run_forever(self) -> None:  # pragma: no cover  (a loop; tick() is tested)
        logger.info("scheduler: %s periodic jobs", len(self.entries))
        while True:
            _ran, wait = self.tick()
            close_old_connections()
            time.sleep(wait)


def scheduler_run() -> None:  # pragma: no cover
    import cadre.celery  # noqa: F401  (the app and its tasks)
    from cadre.core.registry import periodic_jobs

    Scheduler(periodic_jobs()).run_forever()
