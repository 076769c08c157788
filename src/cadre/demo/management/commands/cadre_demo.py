from typing import Any

from django.core.management.base import BaseCommand

from cadre.demo.data import demo_load, summary


class Command(BaseCommand):
    help = "Load the demo data (idempotent: a second run creates nothing)."

    def handle(self, *args: Any, **options: Any) -> None:
        created = demo_load()
        if options["verbosity"] >= 1:
            self.stdout.write(f"Demo data created — {summary(created)}")
