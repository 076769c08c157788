"""``cadre manage cadre_rotate_keys``: re-encrypt the encrypted fields under the newest key
of ``CADRE_FIELD_KEYS``, in batches, with the site up (decision 0038)."""

from __future__ import annotations

import json
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from cadre.core import keyrotation
from cadre.core.audit import audit_record
from cadre.core.choices import AuditSource


class Command(BaseCommand):
    help = (
        "Re-encrypt every encrypted field (the personal identifier) under the first key of "
        "CADRE_FIELD_KEYS, in batches, the site up. Every stored value is first read: if one "
        "opens with none of the keys, nothing is written and the command fails."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--check", action="store_true", help="Only read: say what a rotation would do."
        )
        parser.add_argument("--batch", type=int, default=settings.CADRE_ROTATE_BATCH)

    def handle(self, *args: Any, **options: Any) -> None:
        batch = options["batch"]
        if batch < 1:
            raise CommandError("--batch must be at least 1.")
        try:
            if options["check"]:
                counts = keyrotation.check(batch)
            else:
                counts = keyrotation.rotate(batch, self._progress)
        except keyrotation.KeysCannotOpen as exc:
            raise CommandError(str(exc)) from None
        summary = keyrotation.summary(counts)
        if not options["check"]:
            with transaction.atomic():
                audit_record(
                    actor=None,
                    action="keys.rotate",
                    object_type="core.encryption",
                    object_repr="CADRE_FIELD_KEYS",
                    changes=summary,
                    source=AuditSource.CLI,
                )
        self.stdout.write(json.dumps(summary, indent=2))

    def _progress(self, label: str, done: int, total: int) -> None:
        self.stderr.write(f"{label}: {done}/{total}")
