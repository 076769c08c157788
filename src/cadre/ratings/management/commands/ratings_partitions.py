"""``cadre manage ratings_partitions``: the rating table's monthly partitions on PostgreSQL
(decision 0041) — list them, make the coming months' (``--ensure``), or detach the months
before one for archiving (``--detach-before YYYY-MM``). Every change is audited."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from cadre.core.choices import AuditSource
from cadre.ratings import partitions


class Command(BaseCommand):
    help = (
        "The monthly partitions of the rating table (PostgreSQL): list them; --ensure makes "
        "this month's and the next CADRE_RATING_PARTITIONS_AHEAD months' (and moves rows the "
        "default partition caught into their months); --detach-before YYYY-MM takes every "
        "earlier month out of the live table as a plain table ratings_archive_pYYYY_MM."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--ensure", action="store_true")
        parser.add_argument("--ahead", type=int, default=settings.CADRE_RATING_PARTITIONS_AHEAD)
        parser.add_argument("--detach-before", metavar="YYYY-MM")

    def handle(self, *args: Any, **options: Any) -> None:
        if not partitions.available():
            self.stdout.write("The rating table is not partitioned here (SQLite): nothing to do.")
            return
        if options["ahead"] < 0:
            raise CommandError("--ahead must be 0 or more.")
        if options["ensure"]:
            made = partitions.partitions_ensure(ahead=options["ahead"], source=AuditSource.CLI)
            self.stdout.write(f"made: {', '.join(made) or 'none (all there)'}")
        if options["detach_before"]:
            try:
                before = partitions.Month.parse(options["detach_before"])
            except ValueError:
                raise CommandError("--detach-before takes a month as YYYY-MM.") from None
            done = partitions.partitions_detach(before=before, source=AuditSource.CLI)
            self.stdout.write(f"detached: {', '.join(done) or 'none'}")
        for name, month, rows in partitions.partitions_list():
            self.stdout.write(f"{name:<32} {month:<8} ~{rows} rows")
