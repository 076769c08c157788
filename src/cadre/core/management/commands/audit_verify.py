import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from cadre.core.audit import audit_chains, audit_verify


class Command(BaseCommand):
    help = (
        "Verify the audit log's hash chains. Prints the number of events checked and, if a "
        "chain is broken, the id of the first broken event; exits with status 1 then."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--chain", help="verify only this chain (default: all)")

    def handle(self, *args: Any, **options: Any) -> None:
        chains = [options["chain"]] if options["chain"] else audit_chains()
        broken = False
        for chain in chains:
            report = audit_verify(chain=chain)
            if report.ok:
                self.stdout.write(f"chain {chain}: OK, {report.checked} events")
            else:
                broken = True
                self.stdout.write(
                    f"chain {chain}: BROKEN at event {report.first_broken_id} "
                    f"({report.reason}); {report.checked} events before it are intact"
                )
        if broken:
            sys.exit(1)
