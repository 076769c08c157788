from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from cadre.demo.data import demo_load, summary


class Command(BaseCommand):
    help = (
        "Load the demo data (idempotent: a second run creates nothing). With --scale N, also "
        "generate a synthetic country of N people for benchmarks."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--scale", type=int, default=0, help="people in the synthetic country (up to 1,000,000)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        created = demo_load()
        if options["verbosity"] >= 1:
            self.stdout.write(f"Demo data created — {summary(created)}")
        scale = options["scale"]
        if scale:
            from cadre.accounts.models import User
            from cadre.demo.scale import generate
            from cadre.orgs.models import Organisation

            if not 100 <= scale <= 1_000_000:
                raise CommandError("--scale must be between 100 and 1,000,000")
            if Organisation.objects.filter(code="SYN").exists():
                self.stdout.write("The synthetic country exists already; nothing generated.")
                return
            counts = generate(actor=User.objects.get(username="admin"), people=scale)
            self.stdout.write(f"Synthetic country generated — {summary(counts)}")
