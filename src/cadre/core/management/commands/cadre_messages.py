"""``makemessages`` for Cadre's four catalogues without its churn: new strings come in
empty (msgmerge's fuzzy guesses are wrong more often than not), no ``#:`` source lines
(they rewrite every file when code moves), obsolete entries dropped. Then translate the
empty entries and run ``compilemessages``; the i18n test fails on any left empty."""

from __future__ import annotations

from typing import Any

from django.core.management.commands import makemessages


class Command(makemessages.Command):
    help = "Refresh the ru, kk, vi and en catalogues (no fuzzy matches, no locations)."
    msgmerge_options = [*makemessages.Command.msgmerge_options, "--no-fuzzy-matching"]

    def handle(self, *args: Any, **options: Any) -> None:
        options.update(
            locale=["ru", "kk", "vi", "en"],
            no_location=True,
            no_obsolete=True,
            ignore_patterns=[*options.get("ignore_patterns", []), "*/tests/*", "*/testing/*"],
        )
        super().handle(*args, **options)
