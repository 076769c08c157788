from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from cadre.accounts.models import User
from cadre.core.choices import AuditSource
from cadre.core.errors import ApplicationError
from cadre.mfa.services import second_factor_reset


class Command(BaseCommand):
    help = (
        "Reset a user's second factor from the server's shell (the last national "
        "administrator lost their phone and recovery codes): they enrol again at their next "
        "sign-in. The reason is required and audited."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--reason", required=True)

    def handle(self, *args: Any, **options: Any) -> None:
        user = User.objects.filter(username__iexact=options["username"]).first()
        if user is None:
            raise CommandError(f"no user {options['username']!r}")
        try:
            second_factor_reset(
                actor=None, user=user, reason=options["reason"], source=AuditSource.CLI
            )
        except ApplicationError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(f"Reset the second factor of {user.username}")
