import getpass
import os
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from cadre.accounts.services import national_admin_bootstrap
from cadre.core.errors import ApplicationError


class Command(BaseCommand):
    help = (
        "Create a national administrator. The password is asked for, or read from "
        "CADRE_ADMIN_PASSWORD when there is no terminal."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--email", default="")

    def handle(self, *args: Any, **options: Any) -> None:
        password = os.environ.get("CADRE_ADMIN_PASSWORD") or getpass.getpass("Password: ")
        try:
            user = national_admin_bootstrap(
                username=options["username"], password=password, email=options["email"]
            )
        except ApplicationError as exc:
            raise CommandError(
                "; ".join(
                    f"{field or 'error'}: {', '.join(map(str, msgs))}"
                    for field, msgs in exc.errors.items()
                )
            ) from None
        self.stdout.write(f"Created national administrator {user.username}")
