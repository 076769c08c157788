"""Run the periodic jobs without a broker (the embedded mode's ``celery beat``)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Run the apps' periodic jobs in this process (no broker needed)."

    def handle(self, *args: Any, **options: Any) -> None:
        from cadre.core.scheduler import scheduler_run

        scheduler_run()
