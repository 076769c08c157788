from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "cadre.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from cadre.accounts import app  # noqa: F401  (its pages, API, menu, periodic jobs)
